package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark command on a tiny synthetic chain: it builds, measures every dataset and is deterministic. */
class BenchCommandIT {

    @Test
    void benchChainBuildsADeterministicChainAndReportsEveryDataset() {
        CliHarness.Result first = CliHarness.run(Map.of(), getClass().getClassLoader(),
                "bench", "chain", "--days", "3", "--principals", "300", "--txs-per-block", "4", "--quick");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out()).contains("full/floor").contains("original/incr");
        for (String dataset : new String[] {"daily_txs", "address_growth", "daily_active_addresses", "wallet_balances", "stx_supply_changes"}) {
            assertThat(first.out()).containsPattern(dataset + "\\s+\\d+\\.\\d+");
        }
        String chain = first.out().lines().filter(l -> l.startsWith("synthetic chain:")).findFirst().orElseThrow();
        assertThat(chain).contains("blocks=436").contains("txs=1744");

        CliHarness.Result second = CliHarness.run(Map.of(), getClass().getClassLoader(),
                "bench", "chain", "--days", "3", "--principals", "300", "--txs-per-block", "4", "--skip-original", "--quick");
        String again = second.out().lines().filter(l -> l.startsWith("synthetic chain:")).findFirst().orElseThrow();
        assertThat(again.replaceAll("built in .*", "")).isEqualTo(chain.replaceAll("built in .*", ""));
    }
}
