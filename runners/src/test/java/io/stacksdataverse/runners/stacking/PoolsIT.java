package io.stacksdataverse.runners.stacking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stacksdataverse.extract.stacks.db.ChainBuilder;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.raw.BlobRawStore;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.LocalRunner;
import io.stacksdataverse.runners.TaskGraph;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.spi.LayeredConfig;
import io.stacksdataverse.transform.UtcDays;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
 * #24–25 on a hand-built chain for D = 2024-06-01: H_D is block 5, the last of a Nakamoto tenure of
 * three blocks at burn height 102 (= h_D); block 6 has a Bitcoin time in D but its own time after
 * midnight. Pools: PA (a member who revokes stays locked), PB (a delegate-stack-increase and a
 * delegate-stack-extend after delegate-stack-stx), PC (a member who extends on his own, one unlocked
 * exactly at h_D), PD (only in a fork, an orphaned microblock and above H_D), PE (unlocked by
 * handle-unlock), PF and PG tied and named alike, PI and PJ tied, and a contract pool PH.
 */
class PoolsIT {
    private static final LocalDate D = LocalDate.of(2024, 6, 1);
    private static final long T1 = UtcDays.t(D);
    private static final long T2 = UtcDays.t(D.plusDays(1));
    private static final String PA = "SPAPOOL";
    private static final String PB = "SPBPOOL";
    private static final String PC = "SPCPOOL";
    private static final String PD = "SPDPOOL";
    private static final String PE = "SPEPOOL";
    private static final String PF = "SPFPOOL";
    private static final String PG = "SPGPOOL";
    private static final String PH = "SPHDEPLOYER.pool-contract";
    private static final String PI = "SPIPOOL";
    private static final String PJ = "SPJPOOL";
    private static final long STX = 1_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private ChainBuilder chain;
    private LocalBlobStore blobs;
    private PostgresWarehouse warehouse;
    private PoolsTask task;

    @BeforeEach
    void setUp() throws Exception {
        chain = ChainBuilder.create(TestPostgres.newDatabase());
        blobs = new LocalBlobStore(dir, false);
        warehouse = TestPostgres.newWarehouse();
        task = new PoolsTask(Optional.of(new StacksDb(chain.dataSource(), "test chain")),
                PoolNames.read(LayeredConfig.ofMap(Map.of(PoolNames.SETTING, PA + "=Alpha Pool;" + PF + "=Shared;" + PG + "=Shared"))));
        chain.block("b1", "genesis", 1, T1 - 3_000, T1 - 3_000, 100, true)
                .block("b2", "b1", 2, T1 + 600, T1 + 600, 101, true)
                .block("b2f", "b1", 2, T1 + 650, T1 + 650, 101, false)                    // a fork
                .block("b3", "b2", 3, T1 + 1_200, T1 + 1_200, 102, true)                  // a tenure of three blocks
                .block("b4", "b3", 4, T1 + 1_200, T1 + 1_205, 102, true)
                .block("b5", "b4", 5, T1 + 1_200, T1 + 1_210, 102, true)
                .block("b6", "b5", 6, T1 + 80_000, T2 + 10, 103, true);                   // own time after midnight
        chain.tip(6);
        // name, stacker, locked (before), unlock (before), lock_amount, unlock_burn_height, total_locked, delegator
        chain.pox4Event("x1", "b1", 1, 0, 0, "delegate-stx", "S1", 0, 0, 5_000 * STX, null, null, PA, true, true)
                .pox4Event("x2", "b1", 1, 1, 0, "delegate-stack-stx", "S1", 0, 0, 5_000 * STX, 200L, null, PA, true, true)
                .pox4Event("x3", "b1", 1, 2, 0, "delegate-stack-stx", "S2", 0, 0, 3_000 * STX, 200L, null, PA, true, true)
                .pox4Event("x4", "b3", 3, 0, 0, "revoke-delegate-stx", "S2", 3_000 * STX, 200, null, null, null, PA, true, true)
                .pox4Event("x5", "b1", 1, 3, 0, "delegate-stack-stx", "S3", 0, 0, 4_000 * STX, 200L, null, PB, true, true)
                .pox4Event("x6", "b3", 3, 1, 0, "delegate-stack-increase", "S3", 4_000 * STX, 200, null, null, 6_000 * STX, PB,
                        true, true)
                .pox4Event("x7", "b1", 1, 4, 0, "delegate-stack-stx", "S4", 0, 0, 1_000 * STX, 102L, null, PB, true, true)
                .pox4Event("x8", "b4", 4, 0, 0, "delegate-stack-extend", "S4", 1_000 * STX, 102, null, 250L, null, PB, true, true)
                .pox4Event("x9", "b1", 1, 5, 0, "delegate-stack-stx", "S5", 0, 0, 2_500 * STX, 200L, null, PC, true, true)
                .pox4Event("x10", "b4", 4, 1, 0, "stack-extend", "S5", 2_500 * STX, 200, null, 300L, null, null, true, true)
                .pox4Event("x11", "b2", 2, 0, 0, "delegate-stack-stx", "S6", 0, 0, 9_000 * STX, 102L, null, PC, true, true)
                .pox4Event("x12", "b2f", 2, 0, 0, "delegate-stack-stx", "S7", 0, 0, 9_000 * STX, 200L, null, PD, false, true)
                .pox4Event("x13", "b2", 2, 1, 0, "delegate-stack-stx", "S8", 0, 0, 9_000 * STX, 200L, null, PD, true, false)
                .pox4Event("x14", "b6", 6, 0, 0, "delegate-stack-stx", "S9", 0, 0, 9_000 * STX, 200L, null, PD, true, true)
                .pox4Event("x15", "b1", 1, 6, 0, "delegate-stack-stx", "S10", 0, 0, 9_000 * STX, 200L, null, PE, true, true)
                .pox4Event("x16", "b5", 5, 0, 0, "handle-unlock", "S10", 9_000 * STX, 200, null, null, null, null, true, true)
                .pox4Event("x17", "b2", 2, 2, 0, "delegate-stack-stx", "S11", 0, 0, 2_000 * STX, 200L, null, PG, true, true)
                .pox4Event("x18", "b2", 2, 3, 0, "delegate-stack-stx", "S12", 0, 0, 2_000 * STX, 200L, null, PF, true, true)
                .pox4Event("x19", "b2", 2, 4, 0, "delegate-stack-stx", "S13", 0, 0, 1_500 * STX + 1, 200L, null, PH, true, true)
                .pox4Event("x20", "b2", 2, 5, 0, "delegate-stack-stx", "S14", 0, 0, 1_000 * STX, 200L, null, PJ, true, true)
                .pox4Event("x21", "b2", 2, 6, 0, "delegate-stack-stx", "S15", 0, 0, 1_000 * STX, 200L, null, PI, true, true)
                .pox4Event("x22", "b3", 3, 2, 0, "stack-aggregation-commit-indexed", PA, 0, 0, null, null, null, null, true, true);
    }

    @AfterEach
    void tearDown() throws Exception {
        chain.close();
    }

    @Test
    void poolsFollowTheLockAfterEachStackersLatestEventAsOfTheCutoff() throws Exception {
        TaskOutcome o = run(false);
        assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        JsonNode top = json(DatasetPaths.TOP_POOLS);
        List<String> keys = new ArrayList<>();
        top.fieldNames().forEachRemaining(keys::add);
        // PG ties with PF, comes after it, and is named alike: it is left out of the top and counted.
        assertThat(keys).containsExactly("Alpha Pool", PB, "Shared", PH, PI, PJ);
        assertThat(top.get("Alpha Pool").get("value").decimalValue()).isEqualByComparingTo("8000");
        assertThat(top.get("Alpha Pool").get("address").asText()).isEqualTo(PA);
        assertThat(top.get(PB).get("value").decimalValue()).isEqualByComparingTo("7000");
        assertThat(top.get("Shared").get("address").asText()).isEqualTo(PF);
        assertThat(top.get(PH).get("value").decimalValue()).isEqualByComparingTo("1500");
        assertThat(top.get(PI).get("value").decimalValue()).isEqualByComparingTo("1000");
        assertThat(json(DatasetPaths.POOL_COUNT).get("total_pools").asInt()).isEqualTo(7);
        assertThat(o.result().orElseThrow().values()).containsEntry("cutoff_height", "5").containsEntry("cutoff_burn_height", "102")
                .containsEntry("members", "9");
    }

    @Test
    void aReRunAndAFullRunGiveTheSameBytes() throws Exception {
        run(false);
        byte[] top = blobs.get(DatasetPaths.TOP_POOLS.latestKey()).orElseThrow();
        byte[] count = blobs.get(DatasetPaths.POOL_COUNT.latestKey()).orElseThrow();
        run(false);
        run(true);
        assertThat(blobs.get(DatasetPaths.TOP_POOLS.latestKey()).orElseThrow()).isEqualTo(top);
        assertThat(blobs.get(DatasetPaths.POOL_COUNT.latestKey()).orElseThrow()).isEqualTo(count);
    }

    @Test
    void anEventNameTheRuleDoesNotKnowFailsPermanentlyAndLeavesThePublishedFiles() throws Exception {
        run(false);
        byte[] top = blobs.get(DatasetPaths.TOP_POOLS.latestKey()).orElseThrow();
        chain.pox4Event("x23", "b4", 4, 2, 3, "stack-frobnicate", "S16", 0, 0, 1L, 300L, null, PA, true, true);
        TaskOutcome o = run(false);
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(o.permanent()).isTrue();
        assertThat(o.message()).contains("pools").contains("'stack-frobnicate'").contains("block 4").contains("event 3");
        assertThat(blobs.get(DatasetPaths.TOP_POOLS.latestKey()).orElseThrow()).isEqualTo(top);
    }

    @Test
    void anUnknownNameInAForkOrAboveTheCutoffIsNotRead() throws Exception {
        chain.pox4Event("x24", "b2f", 2, 1, 0, "stack-frobnicate", "S17", 0, 0, 1L, 300L, null, PA, false, true)
                .pox4Event("x25", "b6", 6, 1, 0, "stack-frobnicate", "S18", 0, 0, 1L, 300L, null, PA, true, true);
        assertThat(run(false).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
    }

    @Test
    void anActivePox5FailsPermanently() throws Exception {
        chain.exec("CREATE TABLE pox5_events (block_height integer, canonical boolean, microblock_canonical boolean)");
        chain.exec("INSERT INTO pox5_events VALUES (4, true, true)");
        TaskOutcome o = run(false);
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(o.permanent()).isTrue();
        assertThat(o.message()).contains("pox5_events");
        assertThat(blobs.get(DatasetPaths.TOP_POOLS.latestKey())).isEmpty();
    }

    private TaskOutcome run(boolean full) {
        LocalRunner runner = LocalRunner.builder(new TaskGraph(List.of(task))).blobs(blobs).raw(new BlobRawStore(blobs))
                .warehouse(warehouse).clock(Clock.fixed(Instant.ofEpochSecond(T2 + 3_600), ZoneOffset.UTC)).build();
        return runner.run(List.of(PoolsTask.ID), D, true, full, Map.of()).get(PoolsTask.ID);
    }

    private JsonNode json(DatasetPath path) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(blobs.get(path.latestKey()).orElseThrow()))) {
            return JSON.readTree(in);
        }
    }
}
