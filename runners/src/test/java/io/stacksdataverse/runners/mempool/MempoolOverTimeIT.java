package io.stacksdataverse.runners.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.extract.stacks.db.ChainBuilder;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.runners.interval.OneTaskRun;
import io.stacksdataverse.transform.UtcDays;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalog #44 with a one-day window: snapshots of {@code chain_tip.mempool_tx_count} taken by the
 * runs of the current interval, the slot rule anchored at S0 (t(D) is slot 0 mod 3: a day has 48
 * slots), re-runs that keep the first snapshot, and intervals no run took a snapshot of.
 */
class MempoolOverTimeIT {
    private static final long T = UtcDays.t(LocalDate.of(2024, 6, 1));
    @TempDir
    Path dir;
    private ChainBuilder chain;
    private LocalBlobStore blobs;
    private PostgresWarehouse warehouse;
    private MempoolOverTimeTask task;

    @BeforeEach
    void setUp() throws Exception {
        chain = ChainBuilder.create(TestPostgres.newDatabase());
        blobs = new LocalBlobStore(dir, false);
        warehouse = TestPostgres.newWarehouse();
        task = new MempoolOverTimeTask(Optional.of(new StacksDb(chain.dataSource(), "test chain")), 1);
        chain.block("b1", "genesis", 1, T - 600, T - 600, 100, true);
    }

    @AfterEach
    void tearDown() throws Exception {
        chain.close();
    }

    private static Instant slot(int k) {
        return Instant.ofEpochSecond(T + 1800L * k);
    }

    /** A run for the interval ending at slot k, {@code minutesLate} after it ended, with {@code mempool} transactions in the node now. */
    private TaskOutcome run(int k, long minutesLate, long mempool) throws Exception {
        chain.tipCounters(1, 100, "b1", 1, mempool);
        TaskOutcome o = OneTaskRun.run(task, blobs, warehouse, slot(k), slot(k).plusSeconds(60 * minutesLate), false);
        assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        return o;
    }

    private String published() throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(
                blobs.get(DatasetPaths.MEMPOOL_OVER_TIME.latestKey()).orElseThrow()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String key(int k) {
        return "\"" + slot(k).getEpochSecond() + "\"";
    }

    @Test
    void snapshotsEveryThirdSlotPlusTheNewestWithinTheWindow() throws Exception {
        for (int k = 1; k <= 4; k++) {
            run(k, 1, 10L * k);
        }
        assertThat(published()).isEqualTo("{" + key(3) + ":30," + key(4) + ":40}");
        run(5, 29, 0);                                                  // an empty mempool: 0, not null
        assertThat(published()).isEqualTo("{" + key(3) + ":30," + key(5) + ":0}");
        run(49, 1, 490);
        run(50, 1, 500);
        // (E − 1 day, E] = (slot 2, slot 50]: 3 is kept, 4, 5 and 49 are not on the rule, 50 is the newest
        assertThat(published()).isEqualTo("{" + key(3) + ":30," + key(50) + ":500}");
    }

    @Test
    void aReRunKeepsTheFirstSnapshotAndAnOldIntervalTakesNone() throws Exception {
        run(3, 1, 30);
        byte[] first = blobs.get(DatasetPaths.MEMPOOL_OVER_TIME.latestKey()).orElseThrow();
        run(3, 5, 999);                                                 // still the current interval: the stored value
        run(3, 24 * 60, 999);                                           // a day later
        assertThat(blobs.get(DatasetPaths.MEMPOOL_OVER_TIME.latestKey()).orElseThrow()).isEqualTo(first);

        // slot 4 ended 30 minutes ago: no longer the current interval, nothing stored, none taken
        TaskOutcome late = run(4, 30, 40);
        assertThat(late.result().orElseThrow().value("snapshot").orElseThrow()).startsWith("none: ");
        assertThat(published()).isEqualTo("{" + key(3) + ":30}");
        // an interval before every snapshot: an empty series, written as such
        run(1, 24 * 60, 10);
        assertThat(published()).isEqualTo("{}");
    }
}
