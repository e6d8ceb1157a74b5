package io.stacksdataverse.examples;

import io.stacksdataverse.extract.cryptocompare.CryptoCompareClient;
import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.raw.BlobRawStore;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.loaders.warehouse.SchemaMigrator;
import io.stacksdataverse.loaders.warehouse.WarehouseMigrations;
import io.stacksdataverse.runners.LocalRunner;
import io.stacksdataverse.runners.TaskGraph;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.runners.prices.PriceOverTimeTask;
import io.stacksdataverse.runners.prices.StxPriceHistoryTask;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.LayeredConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * How a JVM service embeds the runners without any scheduler: wire the parts by hand, then ask
 * for "the price files for date D". Everything here is plain Java; a service would pass its own
 * {@link DataSource} and blob store.
 *
 * <pre>
 * java -cp … io.stacksdataverse.examples.EmbeddedPriceFiles 2024-06-01 ./example-output
 * </pre>
 */
public final class EmbeddedPriceFiles {
    private EmbeddedPriceFiles() {
    }

    /** Builds {@code price_over_time/latest_{7d,30d,90d}.json.gz} (and the prices they need) for {@code date}. */
    public static Map<String, TaskOutcome> build(LocalDate date, Config config, DataSource warehouseDb, Path outputFolder,
                                                 Clock clock) throws Exception {
        // 1. The stores: a folder for the datasets and the raw zone, the service's PostgreSQL for the warehouse.
        LocalBlobStore blobs = new LocalBlobStore(outputFolder, false);
        PostgresWarehouse warehouse = new PostgresWarehouse(warehouseDb, "embedding service's database");
        SchemaMigrator.migrate(warehouseDb, WarehouseMigrations.all());

        // 2. The extractor and the two runners, constructed directly.
        CryptoCompareClient cryptoCompare = CryptoCompareClient.fromConfig(config);
        TaskGraph graph = new TaskGraph(List.of(new StxPriceHistoryTask(cryptoCompare, config), new PriceOverTimeTask()));

        // 3. Run price_over_time and what it needs, in order, in this thread.
        LocalRunner runner = LocalRunner.builder(graph)
                .blobs(blobs)
                .raw(new BlobRawStore(blobs))
                .warehouse(warehouse)
                .clock(clock)
                .redactor(config::redact)
                .build();
        return runner.runWithUpstream(PriceOverTimeTask.ID, date);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: EmbeddedPriceFiles YYYY-MM-DD OUTPUT_FOLDER");
            System.exit(2);
        }
        LocalDate date = LocalDate.parse(args[0]);
        Path out = Path.of(args[1]).toAbsolutePath();
        Config config = LayeredConfig.fromEnvironment(System.getenv(), Map.of());
        // The example's own database lives beside the output folder, never inside what may be published.
        Path database = out.resolveSibling(out.getFileName() + "-postgres");
        boolean failed = false;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(database).setCleanDataDirectory(false).start()) {
            Map<String, TaskOutcome> outcomes = build(date, config, postgres.getPostgresDatabase(), out, Clock.systemUTC());
            for (TaskOutcome o : outcomes.values()) {
                System.out.println(o.taskId() + ": " + o.status() + (o.message().isEmpty() ? "" : " " + o.message()));
                o.result().ifPresent(r -> r.outputs().forEach(loc -> System.out.println("  -> " + loc)));
                failed |= o.status() == TaskOutcome.Status.FAILED;
            }
        }
        System.exit(failed ? 1 : 0);
    }
}
