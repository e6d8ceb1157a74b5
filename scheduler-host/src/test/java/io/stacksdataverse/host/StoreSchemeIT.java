package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.host.memstore.MemoryStorePlugin;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.spi.Visibility;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store scheme bound by a plugin that exists only in test code serves {@code dag}, with no change to {@code loaders}. */
class StoreSchemeIT {
    @TempDir
    Path dir;

    private ClassLoader withPlugins(String... folders) {
        URL[] urls = java.util.Arrays.stream(folders).map(f -> getClass().getResource("/" + f + "/")).toArray(URL[]::new);
        return new URLClassLoader(urls, getClass().getClassLoader());
    }

    @Test
    void aPluginsSchemeHoldsThePublishedDatasetsAndTheRawZone() {
        Map<String, String> env = Map.of(
                "DATAVERSE_DB_URL", TestPostgres.newDatabaseUrl(),
                "DATAVERSE_HOME", dir.toString(),
                "DATAVERSE_BLOB_STORE", "mem:published",
                "DATAVERSE_RAW_STORE", "mem:raw",
                "DATAVERSE_POLLING_INTERVAL", "PT0.2S",
                "FIXTURE_GREETING", "gm stackers");

        CliHarness.Result dag = CliHarness.run(env, withPlugins("fixture-plugin", "mem-store-plugin"),
                "dag", "halfhourly", "--date", "2024-06-01");

        assertThat(dag.exitCode()).as(dag.all()).isZero();
        MemoryStorePlugin.MemoryStore published = MemoryStorePlugin.store("published");
        assertThat(published.get("fixture/shout-2024-06-01.txt")).hasValueSatisfying(
                bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("GM STACKERS"));
        assertThat(published.visibility("fixture/shout-2024-06-01.txt")).contains(Visibility.PRIVATE);
        assertThat(dag.out()).contains("mem:published/fixture/shout-2024-06-01.txt");
        assertThat(Files.exists(dir.resolve("blobs"))).as("nothing went to the default folder").isFalse();
    }

    @Test
    void anUnboundSchemeNamesTheSchemesThereAre() {
        CliHarness.Result list = CliHarness.run(Map.of("DATAVERSE_DB_URL", TestPostgres.newDatabaseUrl(),
                "DATAVERSE_BLOB_STORE", "gs://bucket/x"), withPlugins("mem-store-plugin"), "list");

        assertThat(list.exitCode()).isNotZero();
        assertThat(list.err()).contains("DATAVERSE_BLOB_STORE").contains("gs://bucket/x").contains("bound: file, mem, s3")
                .doesNotContain("Guice");
    }
}
