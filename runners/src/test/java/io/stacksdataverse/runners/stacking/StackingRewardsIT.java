package io.stacksdataverse.runners.stacking;

import static io.stacksdataverse.runners.interval.CandleJson.candle;
import static io.stacksdataverse.runners.interval.CandleJson.candles;
import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.extract.stacks.StacksApiStandIn;
import io.stacksdataverse.extract.stacks.db.ChainBuilder;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.runners.interval.IntervalSources;
import io.stacksdataverse.runners.interval.OneTaskRun;
import io.stacksdataverse.transform.UtcDays;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
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
 * Catalogs #35–36 on a hand-built chain in cycle 11 of the regtest {@code /v2/pox} fixture (F = 0,
 * L = 20, prepare phase 5: s_10 = 201, cycle 10 pays in 201–215, cycle 11 from 221). The interval
 * is [D 01:30, D 02:00): H(E) is block 7, the last of a Nakamoto tenure of three at burn height
 * 222, so h(E) = 222 and the range is [201, 222]; block 8 (burn height 223) is stamped after E.
 */
class StackingRewardsIT {
    private static final LocalDate D = LocalDate.of(2024, 6, 1);
    private static final long T = UtcDays.t(D);
    private static final long DAY = 86_400;
    private static final Instant E = Instant.ofEpochSecond(T + 7200);

    private final MockWebServer server = new MockWebServer();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile String poxAnswer;
    private volatile boolean minuteCandles = true;
    @TempDir
    Path dir;
    private ChainBuilder chain;
    private LocalBlobStore blobs;
    private PostgresWarehouse warehouse;
    private StackingRewardsTask task;

    @BeforeEach
    void setUp() throws Exception {
        poxAnswer = StacksApiStandIn.fixtureText("/fixtures/stacks-api/v2-pox-regtest-pox4.json");
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                requests.add(request.getMethod() + " " + path + " " + request.getUrl().queryParameter("fsym"));
                return switch (path) {
                    case "/v2/pox" -> ok(poxAnswer);
                    // BTC at E − 60 is 61,000; D's daily candle (61,500) is still running at E and must not be used
                    case "/data/v2/histominute" -> ok(candles(minuteCandles ? List.of(candle(T + 7080, 60_900, 61_000, 60_950),
                            candle(T + 7140, 60_950, 61_100, 61_000)) : List.of()));
                    case "/data/v2/histoday" -> ok(candles(List.of(candle(T - 2 * DAY, 58_000, 59_000, 58_500),
                            candle(T - DAY, 59_000, 61_000, 60_000), candle(T, 60_000, 62_000, 61_500))));
                    default -> new MockResponse.Builder().code(404).body("{}").build();
                };
            }
        });
        server.start();
        chain = ChainBuilder.create(TestPostgres.newDatabase());
        StacksDb db = new StacksDb(chain.dataSource(), "test chain");
        blobs = new LocalBlobStore(dir, false);
        warehouse = TestPostgres.newWarehouse();
        IntervalSources sources = IntervalSources.at(server);
        task = new StackingRewardsTask(Optional.of(db), sources.pox(), sources.prices());

        long d1 = T - DAY;
        chain.block("b1", "genesis", 1, d1 + 1_000, d1 + 1_000, 201, true)
                .block("b2", "b1", 2, d1 + 5_000, d1 + 5_000, 210, true)
                .block("b2f", "b1", 2, d1 + 5_100, d1 + 5_100, 205, false)                     // a fork
                .block("b3", "b2", 3, d1 + 9_000, d1 + 9_000, 213, true)
                .tx("m1", "b3", 3, d1 + 9_000, 1, true, false, "SPX", 10)                      // an orphaned microblock's
                .block("b4", "b3", 4, T + 1_000, T + 1_000, 221, true)                         // cycle 11's first payout
                // a Nakamoto tenure of three blocks at burn height 222: one key in #36
                .block("b5", "b4", 5, T + 3_000, T + 3_000, 222, true)
                .block("b6", "b5", 6, T + 3_000, T + 3_100, 222, true)
                .block("b7", "b6", 7, T + 3_000, T + 3_200, 222, true)
                .block("b8", "b7", 8, T + 6_000, T + 7_300, 223, true);                       // stamped after E
        chain.burnchainReward(199, "bc1", 5_000, 10, 0, true)                 // cycle 9's prepare phase: below s_10
                .burnchainReward(201, "bc1", 1_000_000, 10, 0, true).burnchainReward(201, "bc2", 2_000_000, 10, 1, true)
                .burnchainReward(205, "bc3", 9_999_999, 10, 0, false)         // the fork's burn block
                .burnchainReward(210, "bc1", 500_000, 10, 0, true)
                .burnchainReward(213, "bc1", 1, 10, 0, true).burnchainReward(213, "bc2", 2, 10, 1, true)
                .burnchainReward(215, "bc1", 250_000, 10, 0, true)            // no Stacks block at 215
                .burnchainReward(221, "bc1", 700_000, 10, 0, true)
                .burnchainReward(222, "bc1", 60_000_000, 10, 0, true).burnchainReward(222, "bc2", 40_000_000, 10, 1, true)
                .burnchainReward(223, "bc1", 40_000, 10, 0, true);            // above h(E)
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        chain.close();
    }

    private static MockResponse ok(String body) {
        return new MockResponse.Builder().code(200).body(body).build();
    }

    private TaskOutcome run(Instant end, boolean full) {
        return OneTaskRun.run(task, blobs, warehouse, end, end.plusSeconds(60), full);
    }

    private String published(DatasetPath path) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(blobs.get(path.latestKey()).orElseThrow()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void twoCyclesOfPayoutsAsOfTheIntervalEnd() throws Exception {
        TaskOutcome o = run(E, false);
        assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        // exact sats × 10⁻⁸, heights ascending; 199, the fork's 205 and 223 above h(E) left out
        assertThat(published(DatasetPaths.STACKING_REWARDS_RECENT))
                .isEqualTo("{\"201\":0.03,\"210\":0.005,\"213\":0.00000003,\"215\":0.0025,\"221\":0.007,\"222\":1}");
        // 215 has no Stacks block; D−1's heights at D−1's close (60,000), D's at the price at E (61,000); 222 once
        assertThat(published(DatasetPaths.STACKING_REWARDS_RECENT_USD))
                .isEqualTo("{\"201\":1800,\"210\":300,\"213\":0.002,\"221\":427,\"222\":61000}");
        assertThat(requests).containsExactlyInAnyOrder("GET /v2/pox null", "GET /data/v2/histoday BTC", "GET /data/v2/histominute BTC");
    }

    @Test
    void aReRunAndAFullRunChangeNoByte() throws Exception {
        assertThat(run(E, false).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        byte[] recent = blobs.get(DatasetPaths.STACKING_REWARDS_RECENT.latestKey()).orElseThrow();
        byte[] usd = blobs.get(DatasetPaths.STACKING_REWARDS_RECENT_USD.latestKey()).orElseThrow();
        // the node moved on: a block stamped after E and a payout at its burn height change nothing for E
        chain.block("b9", "b8", 9, T + 9_000, T + 9_000, 224, true).burnchainReward(224, "bc1", 1_000, 10, 0, true);
        assertThat(run(E, false).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(run(E, true).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(blobs.get(DatasetPaths.STACKING_REWARDS_RECENT.latestKey()).orElseThrow()).isEqualTo(recent);
        assertThat(blobs.get(DatasetPaths.STACKING_REWARDS_RECENT_USD.latestKey()).orElseThrow()).isEqualTo(usd);
    }

    @Test
    void anIntervalInTheFirstCycleStartsAtItsOwnCycleBoundary() throws Exception {
        // E = t(D): H(E) = b3 (burn height 213, cycle 10): the range is [s_9 = 181, 213]
        TaskOutcome o = run(Instant.ofEpochSecond(T), false);
        assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(published(DatasetPaths.STACKING_REWARDS_RECENT))
                .isEqualTo("{\"199\":0.00005,\"201\":0.03,\"210\":0.005,\"213\":0.00000003}");
        assertThat(o.result().orElseThrow().values()).containsEntry("from_burn_height", "181").containsEntry("to_burn_height", "213");
    }

    @Test
    void aMissingMinuteCandleGivesNullForTheCurrentDay() throws Exception {
        minuteCandles = false;
        TaskOutcome o = run(E, false);
        assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(published(DatasetPaths.STACKING_REWARDS_RECENT_USD))
                .isEqualTo("{\"201\":1800,\"210\":300,\"213\":0.002,\"221\":null,\"222\":null}");
    }

    @Test
    void anotherPoxContractOrAMissingFieldPublishesNothing() throws Exception {
        poxAnswer = StacksApiStandIn.fixtureText("/fixtures/stacks-api/v2-pox-regtest-pox4.json").replace("pox-4", "pox-5");
        TaskOutcome o = run(E, false);
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(o.permanent()).isTrue();
        assertThat(o.message()).contains("ST000000000000000000002AMW42H.pox-5");

        poxAnswer = "{\"contract_id\":\"ST000000000000000000002AMW42H.pox-4\",\"first_burnchain_block_height\":0}";
        TaskOutcome missing = run(E, false);
        assertThat(missing.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(missing.message()).contains("stacks-api").contains("/v2/pox").contains("reward_cycle_length");
        assertThat(blobs.get(DatasetPaths.STACKING_REWARDS_RECENT.latestKey())).isEmpty();
        assertThat(blobs.get(DatasetPaths.STACKING_REWARDS_RECENT_USD.latestKey())).isEmpty();
    }
}
