package io.stacksdataverse.runners;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.extract.stacks.db.ChainBuilder;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.raw.BlobRawStore;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.runners.balances.NonzeroBalancesTask;
import io.stacksdataverse.runners.balances.WalletBalancesTask;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.transform.UtcDays;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Balances as of the end of D on a hand-built chain. Worked by hand, in STX:
 * <pre>
 * a1 (May 30)  mint 25,000 → SPA; mint 1 → SPS
 * a2 (May 31)  SPA → SPB 14,999.5, fee 0.001 paid by SPA; coinbase 10,000 to SPM matures here
 *              orphaned microblock: SPA → SPD 5,000, fee 0.0001 (ignored)
 * a2f (fork)   SPA → SPC 20,000, fee 0.005 (ignored)
 * a3 (Jun 1)   SPB → SPE 1, fee 0.002 paid by sponsor SPS
 * a4           Bitcoin time Jun 1, own time Jun 2 (after the cutoff of D): SPM → SPF 10,000
 * a5 (Jun 2)   coinbase 500 to SPM matures here
 *
 * As of D (H_D = a3): SPA 10,000.499, SPB 14,998.5, SPM 10,000, SPE 1, SPS 0.998
 *   whales ascending [10000, 10000.499, 14998.5]; nonzero 5; bins {10500: 2, 15000: 1}
 * As of D+1 (a5):     SPM 500, SPF 10,000 → whales [10000, 10000.499, 14998.5] (SPF replaces SPM); nonzero 6
 * </pre>
 */
class BalancesIT {
    private static final LocalDate D = LocalDate.of(2024, 6, 1);
    private static final long T30 = UtcDays.t(LocalDate.of(2024, 5, 30));
    private static final long T31 = UtcDays.t(LocalDate.of(2024, 5, 31));
    private static final long T1 = UtcDays.t(D);
    private static final long T2 = UtcDays.t(D.plusDays(1));
    private static final long STX = 1_000_000L;

    @TempDir
    Path dir;
    private ChainBuilder chain;
    private StacksDb db;
    private LocalBlobStore blobs;
    private PostgresWarehouse warehouse;

    @AfterEach
    void closeChain() throws Exception {
        chain.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        chain = ChainBuilder.create(TestPostgres.newDatabase());
        db = new StacksDb(chain.dataSource(), "balances chain");
        blobs = new LocalBlobStore(dir, false);
        warehouse = TestPostgres.newWarehouse();
        chain.block("a1", "g", 1, T30 + 10, T30 + 10, 100, true)
                .tx("m1", "a1", 1, T30 + 10, 0, true, true, "SP000", 0)
                .stxEvent("m1", "a1", 1, 0, 2, 25_000 * STX, null, "SPA", true, true)
                .stxEvent("m1", "a1", 1, 1, 2, STX, null, "SPS", true, true)
                .block("a2", "a1", 2, T31 + 10, T31 + 10, 101, true)
                .tx("t1", "a2", 2, T31 + 10, 0, true, true, "SPA", 1_000)
                .stxEvent("t1", "a2", 2, 0, 1, 14_999_500_000L, "SPA", "SPB", true, true)
                .minerReward("a2", "a1", 2, "SPM", 10_000 * STX, 0, true)
                .tx("o1", "a2", 2, T31 + 10, 1, true, false, "SPA", 100)
                .stxEvent("o1", "a2", 2, 0, 1, 5_000 * STX, "SPA", "SPD", true, false)
                .block("a2f", "a1", 2, T31 + 20, T31 + 20, 101, false)
                .tx("tf", "a2f", 2, T31 + 20, 0, false, true, "SPA", 5_000)
                .stxEvent("tf", "a2f", 2, 0, 1, 20_000 * STX, "SPA", "SPC", false, true)
                .block("a3", "a2", 3, T1 + 10, T1 + 10, 102, true)
                .sponsoredTx("t2", "a3", 3, T1 + 10, 0, "SPB", "SPS", 2_000)
                .stxEvent("t2", "a3", 3, 0, 1, STX, "SPB", "SPE", true, true)
                .block("a4", "a3", 4, T1 + 86_000, T2 + 5, 103, true)
                .tx("t3", "a4", 4, T1 + 86_000, 0, true, true, "SPM", 0)
                .stxEvent("t3", "a4", 4, 0, 1, 10_000 * STX, "SPM", "SPF", true, true)
                .block("a5", "a4", 5, T2 + 100, T2 + 100, 104, true)
                .minerReward("a5", "a2", 5, "SPM", 500 * STX, 0, true)
                .tip(5);
        // What the API's running balances hold at the tip (a5).
        chain.ftBalance("SPA", 10_000_499_000L).ftBalance("SPB", 14_998_500_000L).ftBalance("SPM", 500 * STX)
                .ftBalance("SPE", STX).ftBalance("SPF", 10_000 * STX).ftBalance("SPS", 998_000L).ftBalance("SP000", 0);
    }

    private LocalRunner runner(long deltaMaxBlocks) {
        List<Task> tasks = List.of(new WalletBalancesTask(Optional.of(db), deltaMaxBlocks), new NonzeroBalancesTask(Optional.of(db)));
        return LocalRunner.builder(new TaskGraph(tasks)).blobs(blobs).raw(new BlobRawStore(blobs)).warehouse(warehouse).build();
    }

    private TaskOutcome run(long deltaMaxBlocks, LocalDate date, boolean latest) {
        Map<String, TaskOutcome> outcomes = runner(deltaMaxBlocks)
                .run(List.of(WalletBalancesTask.ID, NonzeroBalancesTask.ID), date, latest, false, Map.of());
        TaskOutcome o = outcomes.get(WalletBalancesTask.ID);
        assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        return o;
    }

    private String text(String key) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(blobs.get(key).orElseThrow()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private List<String> whaleRows(long timestamp) {
        List<String> rows = new ArrayList<>();
        PostgresWarehouse.dsl(warehouse).fetch("SELECT whale_address, balance::text FROM whale_historical_stx_balances"
                + " WHERE \"timestamp\" = ? ORDER BY whale_address", timestamp)
                .forEach(r -> rows.add(r.get(0, String.class) + "=" + r.get(1, String.class)));
        return rows;
    }

    @Test
    void asOfTheEndOfDFromFtBalancesMinusNewerRows() throws Exception {
        TaskOutcome o = run(50_000, D, true);
        assertThat(o.result().orElseThrow().value("method")).contains("FT_BALANCES_MINUS_NEWER");
        assertThat(text("wallet_balances_raw/2024-06-01.json.gz"))
                .isEqualTo("{\"whale_balances\":[10000,10000.499,14998.5],\"nonzero_bals\":5}");
        assertThat(text("wallet_balances/2024-06-01.json.gz")).isEqualTo("{\"10500\":2,\"15000\":1}");
        assertThat(text("wallet_balances_raw/latest.json.gz")).isEqualTo(text("wallet_balances_raw/2024-06-01.json.gz"));
        assertThat(whaleRows(T1)).containsExactly("SPA=10000.499", "SPB=14998.5", "SPM=10000");
        // May 30 and 31 were never computed by wallet_balances: filled set-based (SPA, SPS; then + SPB, SPM).
        assertThat(text("wallet_balances/latest_nonzero.json.gz"))
                .isEqualTo("{\"" + T30 + "\":2,\"" + T31 + "\":4,\"" + T1 + "\":5}");
    }

    @Test
    void gapsAreFilledSetBasedFromTheChainWhileComputedDaysKeepTheirExactValue() throws Exception {
        run(50_000, D.plusDays(1), true);   // only June 2 computed by wallet_balances
        // June 1 by Bitcoin day includes block a4 (SPM -> SPF): SPA, SPB, SPE, SPS, SPF.
        assertThat(text("wallet_balances/latest_nonzero.json.gz"))
                .isEqualTo("{\"" + T30 + "\":2,\"" + T31 + "\":4,\"" + T1 + "\":5,\"" + T2 + "\":6}");
    }

    @Test
    void theFullSumGivesTheSameBytes() throws Exception {
        run(50_000, D, true);
        String raw = text("wallet_balances_raw/2024-06-01.json.gz");
        String dist = text("wallet_balances/2024-06-01.json.gz");
        TaskOutcome full = run(0, D, true);
        assertThat(full.result().orElseThrow().value("method")).contains("FULL_SUM");
        assertThat(text("wallet_balances_raw/2024-06-01.json.gz")).isEqualTo(raw);
        assertThat(text("wallet_balances/2024-06-01.json.gz")).isEqualTo(dist);
        assertThat(whaleRows(T1)).containsExactly("SPA=10000.499", "SPB=14998.5", "SPM=10000");
    }

    @Test
    void theNextDayAndARerunAreIdempotentAndTheNonzeroSeriesGrows() throws Exception {
        run(50_000, D, true);
        run(50_000, D.plusDays(1), true);
        run(50_000, D.plusDays(1), true);
        assertThat(text("wallet_balances_raw/2024-06-02.json.gz"))
                .isEqualTo("{\"whale_balances\":[10000,10000.499,14998.5],\"nonzero_bals\":6}");
        assertThat(whaleRows(T2)).containsExactly("SPA=10000.499", "SPB=14998.5", "SPF=10000");
        assertThat(PostgresWarehouse.dsl(warehouse).fetchCount(org.jooq.impl.DSL.table("whale_historical_stx_balances")))
                .as("a re-run adds no row").isEqualTo(6);
        assertThat(text("wallet_balances/latest_nonzero.json.gz"))
                .isEqualTo("{\"" + T30 + "\":2,\"" + T31 + "\":4,\"" + T1 + "\":5,\"" + T2 + "\":6}");
    }
}
