package io.stacksdataverse.runners.stacking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stacksdataverse.extract.stacks.StacksApiStandIn;
import io.stacksdataverse.extract.stacks.db.ChainBuilder;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.raw.BlobRawStore;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.LocalRunner;
import io.stacksdataverse.runners.TaskGraph;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.runners.interval.IntervalSources;
import io.stacksdataverse.runners.interval.RunPox;
import io.stacksdataverse.transform.UtcDays;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalog #8 on a hand-built chain in cycle 11 of the regtest {@code /v2/pox} fixture (F = 0, L = 20:
 * burn heights 220…239), with a node stand-in answering {@code /v2/pox} and pox-4's read-only
 * {@code get-total-ustx-stacked}.
 */
class StxStackedOverTimeIT {
    private static final LocalDate D = LocalDate.of(2024, 6, 1);
    private static final long T = UtcDays.t(D);
    private static final long T1 = UtcDays.t(D.plusDays(1));
    private static final String DEPLOYER = "ST000000000000000000002AMW42H";
    private static final String CALL_PATH = "/v2/contracts/call-read/" + DEPLOYER + "/pox-4/get-total-ustx-stacked";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** µSTX that get-total-ustx-stacked(u12) answers at each tip block. */
    private static final Map<String, Long> STACKED = Map.of("a3", 3_750_255_000_000_000L, "b1", 3_750_255_000_000_001L,
            "b2", 3_800_000_000_500_000L, "c1", 3_900_000_123_456_789L, "d2", 4_000_000_000_000_000L,
            "e1", 4_100_000_000_000_007L, "b2r", 3_811_111_111_111_111L);

    private final MockWebServer server = new MockWebServer();
    private final List<RecordedRequest> calls = Collections.synchronizedList(new ArrayList<>());
    /** Answers replacing the normal one for a tip block's calls. */
    private final Map<String, String> answerOverride = new ConcurrentHashMap<>();
    private volatile ObjectNode pox;
    @TempDir
    Path dir;
    private ChainBuilder chain;
    private StacksDb db;
    private LocalBlobStore blobs;
    private PostgresWarehouse warehouse;
    private RunPox runPox;

    @BeforeEach
    void setUp() throws Exception {
        pox = (ObjectNode) JSON.readTree(StacksApiStandIn.fixtureText("/fixtures/stacks-api/v2-pox-regtest-pox4.json"));
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                if (path.equals("/v2/pox")) {
                    return new MockResponse.Builder().code(200).body(pox.toString()).build();
                }
                if (path.equals(CALL_PATH) && request.getMethod().equals("POST")) {
                    calls.add(request);
                    String tip = request.getUrl().queryParameter("tip");
                    String name = tipName(tip);
                    if (answerOverride.containsKey(name)) {
                        return new MockResponse.Builder().code(200).body(answerOverride.get(name)).build();
                    }
                    String uint = "01" + String.format("%032x", STACKED.get(name));
                    // The node answers (ok uN) here; a bare uN (a3) is accepted as well.
                    String result = "0x" + (name.equals("a3") ? "" : "07") + uint;
                    return new MockResponse.Builder().code(200).body("{\"okay\":true,\"result\":\"" + result + "\"}").build();
                }
                return new MockResponse.Builder().code(404).body("not found").build();
            }
        });
        server.start();
        chain = ChainBuilder.create(TestPostgres.newDatabase());
        db = new StacksDb(chain.dataSource(), "test chain");
        blobs = new LocalBlobStore(dir, false);
        warehouse = TestPostgres.newWarehouse();
        runPox = IntervalSources.at(server).pox();

        chain.block("g", "genesis", 1, T - 7200, T - 7200, 219, true)            // cycle 10
                .block("a1", "g", 2, T + 600, T + 600, 220, true)                  // a Nakamoto tenure of three blocks
                .block("a2", "a1", 3, T + 600, T + 650, 220, true)
                .block("a3", "a2", 4, T + 600, T + 700, 220, true)
                // burn height 221 has no Stacks block
                .block("b1", "a3", 5, T + 1800, T + 1800, 222, true)
                .block("b2", "b1", 6, T + 2400, T + 2400, 223, true)
                .block("c1", "b2", 7, T + 3000, T + 3000, 224, true)
                .block("c1f", "b2", 7, T + 3000, T + 3010, 224, false)              // a fork at 224, above c1 too:
                .block("c2f", "c1f", 8, T + 3000, T + 3020, 224, false)             // never a tip
                .block("d1", "c1", 8, T1 - 300, T1 + 60, 225, true)                 // Bitcoin time on D, own time after: above H_D
                .block("d2", "d1", 9, T1 - 300, T1 + 120, 225, true)
                .block("e1", "d2", 10, T1 + 3600, T1 + 3600, 226, true)
                .tip(10);
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        chain.close();
    }

    private static String tipHex(String block) {
        return HexFormat.of().formatHex(ChainBuilder.hash(block));
    }

    private static String tipName(String hex) {
        for (String name : STACKED.keySet()) {
            if (tipHex(name).equals(hex)) {
                return name;
            }
        }
        throw new AssertionError("a call at an unexpected tip " + hex);
    }

    private LocalRunner runner(Instant now, boolean backfill, int maxCalls) {
        return LocalRunner.builder(new TaskGraph(List.of(new PoxSnapshotTask(runPox),
                        new StxStackedOverTimeTask(Optional.of(db), runPox, backfill, maxCalls))))
                .blobs(blobs).raw(new BlobRawStore(blobs)).warehouse(warehouse).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    }

    /** A half-hourly run of the interval ending at {@code end}, at {@code now}. */
    private TaskOutcome snapshot(long end, long now, long current, long next, long stackedUstx) {
        pox.with("current_cycle").put("id", current);
        pox.with("next_cycle").put("id", next).put("stacked_ustx", stackedUstx);
        TaskOutcome o = runner(Instant.ofEpochSecond(now), true, 300)
                .run(List.of(PoxSnapshotTask.ID), Instant.ofEpochSecond(end), true, false, Map.of()).get(PoxSnapshotTask.ID);
        assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        return o;
    }

    private TaskOutcome daily(LocalDate date, boolean backfill, int maxCalls) {
        return runner(Instant.ofEpochSecond(UtcDays.t(date.plusDays(1)) + 600), backfill, maxCalls)
                .run(List.of(StxStackedOverTimeTask.ID), date, true, false, Map.of()).get(StxStackedOverTimeTask.ID);
    }

    private TaskOutcome succeeded(TaskOutcome o) {
        assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        return o;
    }

    private String text(String key) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(blobs.get(key).orElseThrow()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String series(Object... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(Long.toString((Long) keyValues[i]), (String) keyValues[i + 1]);
        }
        StringBuilder out = new StringBuilder("{");
        m.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return out.append('}').toString();
    }

    private List<Long> storedBurnHeights() throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = warehouse.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT burn_block_height FROM stacked_readonly_points WHERE cycle = 12 ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private void takeSnapshotsOfD() {
        snapshot(T - 1800, T - 1800 + 60, 10, 11, 9_999_000_000_000_000L);          // the cycle before: next is not 12
        snapshot(T + 1800, T + 1800 + 60, 11, 12, 3_700_000_000_000_000L);          // shares b1's key: read-only wins
        snapshot(T + 3600, T + 3600 + 1799, 11, 12, 3_950_000_000_000_000L);
        TaskOutcome old = snapshot(T + 5400, T + 5400 + 1800, 11, 12, 1L);          // run 30 min late: an old interval
        assertThat(old.result().orElseThrow().value("snapshot").orElseThrow()).contains("not the current one");
        snapshot(T1, T1 + 5, 11, 12, 4_050_000_000_000_000L);                       // at t(D+1): belongs to D+1
        TaskOutcome again = snapshot(T1, T1 + 30, 11, 12, 5L);                      // a re-run of E keeps the first
        assertThat(again.result().orElseThrow().value("next_cycle_stacked_ustx")).contains("4050000000000000");
    }

    private static final String D_SERIES = series(T + 600, "3750255000", T + 1800, "3750255000.000001",
            T + 2400, "3800000000.5", T + 3000, "3900000123.456789", T + 3600, "3950000000");

    @Test
    void unionOfSnapshotsAndReadOnlyPointsIncrementallyAndAfterAReorganisation() throws Exception {
        takeSnapshotsOfD();

        succeeded(daily(D, true, 300));
        String dated = DatasetPaths.STX_STACKED_OVER_TIME.keyFor(D);
        assertThat(text(dated)).isEqualTo(D_SERIES);
        assertThat(text(DatasetPaths.STX_STACKED_OVER_TIME.latestKey())).isEqualTo(D_SERIES);
        // One call per burn height of cycle 11 up to h_D = 224 with a canonical block (not 221), newest first.
        assertThat(calls).extracting(r -> tipName(r.getUrl().queryParameter("tip"))).containsExactly("c1", "b2", "b1", "a3");
        RecordedRequest first = calls.get(0);
        assertThat(first.getUrl().queryParameter("tip")).isEqualTo(tipHex("c1")).hasSize(64);
        JsonNode body = JSON.readTree(first.getBody().utf8());
        assertThat(body.get("sender").asText()).isEqualTo(DEPLOYER);
        assertThat(body.get("arguments").toString()).isEqualTo("[\"0x01" + "0".repeat(30) + "0c\"]");
        assertThat(storedBurnHeights()).containsExactly(220L, 222L, 223L, 224L);
        byte[] firstBytes = blobs.get(dated).orElseThrow();

        // The next day: calls only for the two new burn heights (225, 226).
        TaskOutcome next = succeeded(daily(D.plusDays(1), true, 300));
        assertThat(calls).hasSize(6);
        assertThat(next.result().orElseThrow().value("readonly_calls")).contains("2");
        assertThat(text(DatasetPaths.STX_STACKED_OVER_TIME.keyFor(D.plusDays(1)))).isEqualTo(series(T + 600, "3750255000",
                T + 1800, "3750255000.000001", T + 2400, "3800000000.5", T + 3000, "3900000123.456789", T + 3600, "3950000000",
                T1 - 300, "4000000000", T1, "4050000000", T1 + 3600, "4100000000.000007"));

        // A re-run of D: no call, the same bytes.
        succeeded(runner(Instant.ofEpochSecond(T1 + 86_400 * 3), true, 300)
                .run(List.of(StxStackedOverTimeTask.ID), D, false, false, Map.of()).get(StxStackedOverTimeTask.ID));
        assertThat(calls).hasSize(6);
        assertThat(blobs.get(dated).orElseThrow()).isEqualTo(firstBytes);

        // A reorganisation: 222 loses its block, 223 gets another one; only 223 is called again.
        chain.setCanonical("b1", false).setCanonical("b2", false)
                .block("b2r", "a3", 6, T + 2500, T + 2500, 223, true);
        succeeded(daily(D.plusDays(1), true, 300));
        assertThat(calls).hasSize(7);
        assertThat(tipName(calls.get(6).getUrl().queryParameter("tip"))).isEqualTo("b2r");
        assertThat(storedBurnHeights()).containsExactly(220L, 223L, 224L, 225L, 226L);
        assertThat(text(DatasetPaths.STX_STACKED_OVER_TIME.keyFor(D.plusDays(1)))).isEqualTo(series(T + 600, "3750255000",
                T + 1800, "3700000000", T + 2500, "3811111111.111111", T + 3000, "3900000123.456789", T + 3600, "3950000000",
                T1 - 300, "4000000000", T1, "4050000000", T1 + 3600, "4100000000.000007"));
    }

    @Test
    void theCallsPerRunAreBoundedAndTheRestWaitsForTheNextRun() throws Exception {
        TaskOutcome first = succeeded(daily(D, true, 2));
        assertThat(calls).hasSize(2);
        assertThat(first.result().orElseThrow().value("readonly_left_for_next_run")).contains("2");
        assertThat(text(DatasetPaths.STX_STACKED_OVER_TIME.keyFor(D)))
                .isEqualTo(series(T + 2400, "3800000000.5", T + 3000, "3900000123.456789"));

        succeeded(daily(D, true, 2));
        assertThat(calls).hasSize(4);
        assertThat(text(DatasetPaths.STX_STACKED_OVER_TIME.keyFor(D))).isEqualTo(series(T + 600, "3750255000",
                T + 1800, "3750255000.000001", T + 2400, "3800000000.5", T + 3000, "3900000123.456789"));
    }

    @Test
    void withoutTheBackfillOnlySnapshotsAndWithNeitherAnEmptyObject() throws Exception {
        succeeded(daily(D, false, 300));
        assertThat(text(DatasetPaths.STX_STACKED_OVER_TIME.keyFor(D))).isEqualTo("{}");

        takeSnapshotsOfD();
        succeeded(daily(D, false, 300));
        assertThat(calls).isEmpty();
        assertThat(text(DatasetPaths.STX_STACKED_OVER_TIME.keyFor(D)))
                .isEqualTo(series(T + 1800, "3700000000", T + 3600, "3950000000"));
    }

    @Test
    void anErrAnswerFailsTheRunClearlyAndPublishesNothing() throws Exception {
        answerOverride.put("b2", "{\"okay\":true,\"result\":\"0x080100000000000000000000000000000001\"}");
        TaskOutcome o = daily(D, true, 300);
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(o.message()).contains("get-total-ustx-stacked").contains("tip=" + tipHex("b2")).contains("(err u1)");
        assertThat(blobs.get(DatasetPaths.STX_STACKED_OVER_TIME.keyFor(D))).isEmpty();
        assertThat(blobs.get(DatasetPaths.STX_STACKED_OVER_TIME.latestKey())).isEmpty();
        assertThat(storedBurnHeights()).isEmpty();
    }

    @Test
    void aRefusedCallFailsTheRunClearlyAndPublishesNothing() throws Exception {
        answerOverride.put("c1", "{\"okay\":false,\"cause\":\"Unchecked(NoSuchContract(\\\"" + DEPLOYER + ".pox-4\\\"))\"}");
        TaskOutcome o = daily(D, true, 300);
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(o.message()).contains("get-total-ustx-stacked").contains("the node refused the call").contains("NoSuchContract");
        assertThat(blobs.get(DatasetPaths.STX_STACKED_OVER_TIME.latestKey())).isEmpty();
    }

    @Test
    void aNonUintAnswerIsAnError() throws Exception {
        answerOverride.put("c1", "{\"okay\":true,\"result\":\"0x0a0100000000000000000000000000000001\"}");
        TaskOutcome o = daily(D, true, 300);
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(o.message()).contains("(some u1)");
        answerOverride.put("c1", "{\"okay\":true,\"result\":\"0x0701000000\"}");
        o = daily(D, true, 300);
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(o.message()).contains("get-total-ustx-stacked").contains("needs 16 bytes");
        assertThat(blobs.get(DatasetPaths.STX_STACKED_OVER_TIME.latestKey())).isEmpty();
    }

    @Test
    void anotherActivePoxContractFailsBothTasksPermanently() {
        pox.put("contract_id", DEPLOYER + ".pox-5");
        TaskOutcome daily = daily(D, true, 300);
        assertThat(daily.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(daily.permanent()).isTrue();
        assertThat(daily.message()).contains("pox-5");
        TaskOutcome snap = runner(Instant.ofEpochSecond(T + 1860), true, 300)
                .run(List.of(PoxSnapshotTask.ID), Instant.ofEpochSecond(T + 1800), true, false, Map.of()).get(PoxSnapshotTask.ID);
        assertThat(snap.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(snap.permanent()).isTrue();
        assertThat(calls).isEmpty();
    }

    @Test
    void poxFiveEventsUpToTheCutoffFailTheDailyTaskPermanently() throws Exception {
        // Only the columns the check reads, of the API's v9 table.
        chain.exec("CREATE TABLE pox5_events (block_height integer NOT NULL, canonical boolean NOT NULL,"
                + " microblock_canonical boolean NOT NULL)");
        chain.exec("INSERT INTO pox5_events VALUES (8, true, true)");              // above H_D (7): D is pox-4
        succeeded(daily(D, true, 300));
        chain.exec("INSERT INTO pox5_events VALUES (6, true, true)");
        TaskOutcome o = daily(D, true, 300);
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(o.permanent()).isTrue();
        assertThat(o.message()).contains("PoX-5 is active").contains("pox5_events");
    }
}
