package io.stacksdataverse.spi;

import javax.sql.DataSource;

/**
 * The warehouse: a PostgreSQL database holding the published tables and the runners' state. Its
 * schema is brought up to date by {@link SchemaMigration}s before any task runs.
 */
public interface Warehouse {

    DataSource dataSource();

    /** A description safe to print (no password), e.g. {@code postgresql://localhost:5432/dataverse}. */
    String describe();
}
