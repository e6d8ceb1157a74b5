package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every setting is declared by whoever reads it, and {@code config} and the README come from the declarations. */
class DeclaredSettingsTest {

    private ClassLoader withFixturePlugin() {
        URL services = getClass().getResource("/fixture-plugin/");
        return new URLClassLoader(new URL[] {services}, getClass().getClassLoader());
    }

    @Test
    void configListsTheSettingsOfAPluginThatExistsOnlyInTestCode() {
        CliHarness.Result config = CliHarness.run(Map.of("FIXTURE_TOKEN", "fixture-token-123", "FIXTURE_GREETNG", "typo"),
                withFixturePlugin(), "config");

        assertThat(config.exitCode()).as(config.all()).isZero();
        assertThat(config.out())
                .contains("FIXTURE_GREETING=hello (default)\n")
                .contains("FIXTURE_TOKEN=<redacted> (env)\n")
                .contains("FIXTURE_FLAKY=(unset)\n")
                .contains("FIXTURE_GREETNG=typo (env) (not declared)\n")
                .contains("STACKS_API_URL=https://api.hiro.so (default)\n")
                .contains("DATAVERSE_TASK_RETRIES=2 (default)\n")
                .doesNotContain("fixture-token-123");
        assertThat(CliHarness.run(Map.of(), getClass().getClassLoader(), "config").out()).doesNotContain("FIXTURE_GREETING");
    }

    @Test
    void theReadmeTableIsTheDeclarations() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("| name | default | meaning |\n");
        assertThat(start).as("the README has a configuration table").isPositive();
        int end = readme.indexOf("\n\n", start);
        String table = readme.substring(start, end + 1);

        String declared = HostSettings.markdownTable(HostSettings.all(Host.discoverPlugins(getClass().getClassLoader())));

        assertThat(table).as("README's configuration table; the declarations give:\n" + declared).isEqualTo(declared);
    }
}
