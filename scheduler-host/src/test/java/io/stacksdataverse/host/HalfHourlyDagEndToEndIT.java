package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.host.bench.SourcesStandIn;
import io.stacksdataverse.host.bench.SyntheticChain;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.transform.UtcDays;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dataverse dag halfhourly --date D} against local stand-ins of every source: a synthetic
 * Stacks API database with the half-hourly group's tables, a Stacks node and CryptoCompare that
 * follow it. The clock stands 90 s after the interval's end, so the run is the current interval's
 * and takes its probes. Every dataset of the group is published; a re-run and a {@code --full}
 * run change no byte; the whole run stays within its HTTP budget.
 */
class HalfHourlyDagEndToEndIT {
    /** Day 10 of the synthetic chain (which starts on S0), its 12:00 interval. */
    private static final LocalDate D = UtcDays.dayOf(UtcDays.S0).plusDays(10);
    private static final Instant E = Instant.ofEpochSecond(UtcDays.t(D) + 12 * 3600);
    private static final List<String> PUBLISHED = List.of(DatasetPaths.TXS_PER_BLOCK.latestKey(),
            DatasetPaths.SPOT_STATS.latestKey(), DatasetPaths.SPOT_STATS_HISTORY.latestKey(),
            DatasetPaths.MINING_LAST100.latestKey(), DatasetPaths.MINING_RISK_REWARD.latestKey(),
            DatasetPaths.MINING_MOST_SUCCESSFUL.latestKey(), DatasetPaths.STACKING_REWARDS_RECENT.latestKey(),
            DatasetPaths.STACKING_REWARDS_RECENT_USD.latestKey(), DatasetPaths.MEMPOOL_OVER_TIME.latestKey(),
            DatasetPaths.NFT_IN_EXISTENCE_NOW.latestKey(), DatasetPaths.NFT_IN_EXISTENCE_OVER_TIME.latestKey(),
            DatasetPaths.NFT_TOP_MINTED_LAST100.latestKey());
    @TempDir
    Path dir;

    @Test
    void publishesEveryHalfHourlyDatasetAndAReRunOrAFullRunChangesNoByte() throws Exception {
        DataSource chainDb = TestPostgres.newDatabase();
        SyntheticChain chain = new SyntheticChain(chainDb, new SyntheticChain.Settings(12, 4, 400, 1), true);
        chain.create();
        String chainUrl;
        try (Connection c = chainDb.getConnection()) {
            chainUrl = c.getMetaData().getURL();
        }
        // Time flows (the scheduler polls), from 90 s after E.
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), E.plusSeconds(90)));
        try (SourcesStandIn sources = new SourcesStandIn(chainDb, chain.burnBase(), clock)) {
            Map<String, String> env = LocalHostEnv.at(dir);
            env.put("STACKS_API_URL", sources.url());
            env.put("STACKS_RATE_LIMIT_PER_SECOND", "1000");
            env.put("CRYPTOCOMPARE_API_URL", sources.url());
            env.put("CRYPTOCOMPARE_RATE_LIMIT_PER_SECOND", "1000");
            env.put("STACKS_DB_URL", chainUrl);
            env.put("STACKS_DB_USER", "postgres");
            String[] dag = {"dag", "halfhourly", "--date", D.toString(), "--interval-end", "12:00"};

            CliHarness.Result first = CliHarness.run(env, getClass().getClassLoader(), clock, dag);
            assertThat(first.exitCode()).as(first.all()).isZero();
            assertThat(first.out()).contains("interval ending " + E);
            long calls = sources.requests();
            assertThat(calls).as("HTTP calls of the whole run: " + sources.requestsByEndpoint()).isBetween(1L, 10L);
            Map<String, String> published = published();
            assertThat(published).containsKeys(PUBLISHED.toArray(String[]::new));
            // The current interval's run takes the probes; the chain's tables feed every file.
            assertThat(text(DatasetPaths.MEMPOOL_OVER_TIME.latestKey())).contains("\"" + E.getEpochSecond() + "\":");
            assertThat(text(DatasetPaths.SPOT_STATS.latestKey())).doesNotContain("\"now_in_mempool\":null")
                    .doesNotContain("\"mstx_fee\":null").doesNotContain("\"total_stacked\":null");
            assertThat(text(DatasetPaths.STACKING_REWARDS_RECENT.latestKey())).isNotEqualTo("{}");
            assertThat(text(DatasetPaths.STACKING_REWARDS_RECENT_USD.latestKey())).isNotEqualTo("{}").doesNotContain("null");
            assertThat(text(DatasetPaths.MINING_RISK_REWARD.latestKey())).doesNotContain("null");

            CliHarness.Result again = CliHarness.run(env, getClass().getClassLoader(), clock, dag);
            assertThat(again.exitCode()).as(again.all()).isZero();
            assertThat(published()).as("a re-run of the interval").isEqualTo(published);

            String[] full = {"dag", "halfhourly", "--date", D.toString(), "--interval-end", "12:00", "--full"};
            CliHarness.Result rebuilt = CliHarness.run(env, getClass().getClassLoader(), clock, full);
            assertThat(rebuilt.exitCode()).as(rebuilt.all()).isZero();
            assertThat(published()).as("--full").isEqualTo(published);

            CliHarness.Result list = CliHarness.run(env, getClass().getClassLoader(), clock, "list");
            assertThat(list.out()).containsPattern("mining_risk_reward +datasets +halfhourly +mining_last100 ")
                    .containsPattern("mining_most_successful +datasets +halfhourly +mining_risk_reward ")
                    .containsPattern("stacking_rewards +datasets +halfhourly +- ")
                    .containsPattern("mempool_over_time +datasets +halfhourly +- ")
                    .containsPattern("spot_stats +datasets +halfhourly +- ")
                    .containsPattern("stx_stacked_over_time +datasets +daily +- ");
        }
    }

    private String text(String key) throws Exception {
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(dir.resolve("blobs").resolve(key)))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** SHA-256 of every published object (raw zone and task results excepted), by key. */
    private Map<String, String> published() throws Exception {
        Path blobs = dir.resolve("blobs");
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(blobs)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String key = blobs.relativize(p).toString().replace('\\', '/');
                if (!key.startsWith("raw/") && !key.startsWith("dataverse-results/") && !key.contains("/.")) {
                    out.put(key, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                }
            }
        }
        return out;
    }
}
