package io.stacksdataverse.loaders.warehouse;

import io.stacksdataverse.spi.Secret;
import io.stacksdataverse.spi.Warehouse;
import java.util.Objects;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;

/** The warehouse on PostgreSQL, used through jOOQ. */
public final class PostgresWarehouse implements Warehouse {
    private final DataSource dataSource;
    private final String description;

    public PostgresWarehouse(DataSource dataSource, String description) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.description = Objects.requireNonNull(description, "description");
    }

    /** A warehouse at a JDBC URL ({@code jdbc:postgresql://host:5432/db}). */
    public static PostgresWarehouse connect(String jdbcUrl, String user, Secret password) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException("DATAVERSE_DB_URL must be a jdbc:postgresql: URL, got " + jdbcUrl.replaceAll("password=[^&]*", "password=<redacted>"));
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        if (user != null) {
            ds.setUser(user);
        }
        if (password != null) {
            ds.setPassword(password.reveal());
        }
        ds.setApplicationName("stacks-dataverse");
        return new PostgresWarehouse(ds, jdbcUrl.replaceAll("password=[^&]*", "password=<redacted>"));
    }

    /** A jOOQ context over a warehouse. */
    public static DSLContext dsl(Warehouse warehouse) {
        return DSL.using(warehouse.dataSource(), SQLDialect.POSTGRES,
                new Settings().withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_QUOTED)
                        .withExecuteLogging(false));
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public String describe() {
        return description;
    }
}
