package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark command on a tiny synthetic chain: it builds, measures every dataset and is deterministic; the half-hourly suite too. */
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

    @Test
    void benchHalfHourlyRunsTheGroupAndCountsItsHttpCalls() {
        CliHarness.Result r = CliHarness.run(Map.of(), getClass().getClassLoader(),
                "bench", "halfhourly", "--days", "3", "--principals", "300", "--txs-per-block", "4", "--quick");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("time/floor").contains("original (catalog)");
        String chain = r.out().lines().filter(l -> l.startsWith("synthetic chain:")).findFirst().orElseThrow();
        assertThat(chain).contains("burn heights 666051-666482").contains("mempool_txs=33000");
        String n = "\\d+\\.\\d+";
        for (String dataset : new String[] {"txs_per_block", "spot_stats", "mining_last100", "mining_risk_reward",
                "mining_most_successful", "stacking_rewards", "mempool_over_time", "nft_volume", "nft_top_traded_last100"}) {
            // time, SQL floor, HTTP floor (or - without calls), floor, ratio, calls
            assertThat(r.out()).containsPattern("(?m)^" + dataset + "\\s+" + n + "\\s+" + n + "\\s+(" + n + "|-)\\s+" + n
                    + "\\s+" + n + "\\s+\\d+ ");
        }
        // The first dataset to ask for /v2/pox pays its call, and its floor counts the call bare.
        assertThat(r.out()).containsPattern("(?m)^pox_snapshot\\s+" + n + "\\s+" + n + "\\s+" + n + "\\s+" + n + "\\s+" + n + "\\s+1 ");
        assertThat(r.out()).doesNotContain("no floor");
        assertThat(r.out()).containsPattern("whole half-hourly run: \\d+\\.\\d+ s \\(median of 1\\), 8 HTTP calls per run");
        assertThat(r.out()).containsPattern("(?m)^(PASS|FAIL) whole run under 2 s")
                .containsPattern("(?m)^(PASS|FAIL) every dataset within 2x its floor")
                .containsPattern("(?m)^PASS at most 10 HTTP calls per run: 8");
        for (String dataset : new String[] {"mining_last100", "nft_in_existence", "nft_volume"}) {
            assertThat(r.out()).containsPattern("(?m)^" + dataset + "\\s+" + n + "\\s+" + n + "\\s+\\d+\\.\\d%$");
        }
        assertThat(r.out()).containsPattern("(?m)^(PASS|FAIL) every incremental run at most 5% of its full build");
        for (String dataset : new String[] {"pools", "nft_fastest_growing", "nft_top_by_holders"}) {
            assertThat(r.out()).containsPattern("(?m)^" + dataset + "(\\s+" + n + "){5}$");
        }
        assertThat(r.out()).containsPattern("(?m)^(PASS|FAIL) every daily full build within 1.5x its floor");
    }
}
