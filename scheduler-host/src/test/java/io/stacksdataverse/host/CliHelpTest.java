package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The generated help of every command, and usage errors found while parsing: none of it starts a host. */
class CliHelpTest {
    static List<Arguments> commands() {
        return List.of(
                Arguments.of("list", List.of()),
                Arguments.of("status", List.of()),
                Arguments.of("history", List.of("TASK", "--limit")),
                Arguments.of("backfill", List.of("--from", "--to", "--group", "--tasks", "--full")),
                Arguments.of("run", List.of("TASK", "--date", "--full")),
                Arguments.of("replay", List.of("TASK", "--date")),
                Arguments.of("dag", List.of("GROUP", "--date", "--full")),
                Arguments.of("serve", List.of()),
                Arguments.of("bench", List.of("SUITE", "--days", "--principals", "--txs-per-block", "--nakamoto", "--random-walk-balances", "--skip-original", "--quick")),
                Arguments.of("config", List.of()));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void eachCommandHasHelpNamingItsOptions(String command, List<String> options) {
        CliHarness.Result help = CliHarness.run(Map.of(), getClass().getClassLoader(), command, "--help");
        assertThat(help.exitCode()).as(help.all()).isZero();
        assertThat(help.out()).startsWith("Usage: dataverse " + command).contains("-h, --help");
        options.forEach(o -> assertThat(help.out()).contains(o));
        if (command.equals("replay")) {
            assertThat(help.out()).as("replay refuses --full, it does not offer it").doesNotContain("--full");
        }
    }

    @Test
    void theTopHelpListsEveryCommandAndTheExitCodes() {
        CliHarness.Result help = CliHarness.run(Map.of(), getClass().getClassLoader(), "--help");
        assertThat(help.exitCode()).isZero();
        commands().forEach(a -> assertThat(help.out()).contains("  " + a.get()[0] + " "));
        assertThat(help.out()).contains("Exit codes:").contains("2  a usage error");
        assertThat(CliHarness.run(Map.of(), getClass().getClassLoader(), "help").out()).isEqualTo(help.out());
        CliHarness.Result none = CliHarness.run(Map.of(), getClass().getClassLoader());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("Usage: dataverse");
    }

    @Test
    void theReadmeShowsTheGeneratedHelp() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        int start = readme.indexOf("## Commands\n\n```\n") + "## Commands\n\n```\n".length();
        String block = readme.substring(start, readme.indexOf("```\n", start));
        assertThat(block).isEqualTo(CliHarness.run(Map.of(), getClass().getClassLoader(), "--help").out().replace("\r\n", "\n"));
    }

    @Test
    void aBadOptionIsAUsageErrorWithTheCommandsUsage() {
        CliHarness.Result bad = CliHarness.run(Map.of(), getClass().getClassLoader(), "run", "daily_txs", "--date", "2024-06-01", "--bogus");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("Unknown option: '--bogus'").contains("Usage: dataverse run");

        CliHarness.Result date = CliHarness.run(Map.of(), getClass().getClassLoader(), "dag", "daily", "--date", "June 1st");
        assertThat(date.exitCode()).isEqualTo(2);
        assertThat(date.err()).contains("must be YYYY-MM-DD, got 'June 1st'").contains("Usage: dataverse dag");

        CliHarness.Result limit = CliHarness.run(Map.of(), getClass().getClassLoader(), "history", "daily_txs", "--limit", "0");
        assertThat(limit.exitCode()).isEqualTo(2);
        assertThat(limit.err()).contains("needs a positive number, got '0'");

        CliHarness.Result missing = CliHarness.run(Map.of(), getClass().getClassLoader(), "backfill", "--from", "2024-06-01");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--to D2 is required");

        CliHarness.Result unknown = CliHarness.run(Map.of(), getClass().getClassLoader(), "frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("'frobnicate'").contains("Usage: dataverse");

        CliHarness.Result replayFull = CliHarness.run(Map.of(), getClass().getClassLoader(), "replay", "market_caps", "--date",
                "2024-06-01", "--full");
        assertThat(replayFull.exitCode()).isEqualTo(2);
        assertThat(replayFull.err()).contains("replay takes no --full");
    }
}
