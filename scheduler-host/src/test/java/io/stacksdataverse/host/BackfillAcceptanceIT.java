package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.extract.cryptocompare.CryptoCompareStandIn;
import io.stacksdataverse.extract.stacks.StacksApiStandIn;
import io.stacksdataverse.extract.stacks.db.ChainBuilder;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.paths.DatasetPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./dataverse backfill --from 2024-05-01 --to 2024-05-31} against local stand-ins of
 * CryptoCompare, the Stacks API and its database: progress lines, an interruption (SIGTERM) and a
 * resume, and each dated dataset published once per date.
 */
class BackfillAcceptanceIT {
    private static final Pattern DATED = Pattern.compile("^([a-z0-9_]+(?:/[a-z0-9_]+)*)/(\\d{4}-\\d{2}-\\d{2})\\.(json|csv)(\\.gz)?$");

    @StartStop
    private final MockWebServer ccServer = new MockWebServer();
    @StartStop
    private final MockWebServer stacksServer = new MockWebServer();
    @TempDir
    Path dir;

    @Test
    void mayIsBackfilledWithProgressResumedAfterAnInterruptionAndEachDatedDatasetPublishedOncePerDate() throws Exception {
        ccServer.setDispatcher(new CryptoCompareStandIn());
        stacksServer.setDispatcher(new StacksApiStandIn(200));
        Map<String, String> env = new HashMap<>();
        env.put("DATAVERSE_DB_URL", TestPostgres.newDatabaseUrl());
        env.put("DATAVERSE_BLOB_STORE", "file:" + dir.resolve("blobs"));
        env.put("DATAVERSE_HOME", dir.toString());
        env.put("DATAVERSE_POLLING_INTERVAL", "PT0.1S");
        env.put("CRYPTOCOMPARE_API_URL", ccServer.url("/").toString());
        env.put("CRYPTOCOMPARE_API_KEY", "cc-backfill-key");
        env.put("CRYPTOCOMPARE_RATE_LIMIT_PER_SECOND", "1000");
        env.put("STACKS_API_URL", stacksServer.url("/").toString());
        env.put("STACKS_RATE_LIMIT_PER_SECOND", "1000");
        env.put("STACKS_DB_URL", chainFrom(LocalDate.of(2024, 4, 28), LocalDate.of(2024, 6, 1)));
        env.put("STACKS_DB_USER", "postgres");
        String[] backfill = {"backfill", "--from", "2024-05-01", "--to", "2024-05-31"};

        // First invocation, stopped with SIGTERM (as Ctrl-C or a container stop would) after a few dates.
        String firstOutput;
        try (HostProcess first = new HostProcess(env, null, backfill)) {
            first.awaitLine(l -> l.startsWith("[5/31] "), 180).orElseThrow(() -> new AssertionError(first.output()));
            assertThat(first.terminate(60)).isTrue();
            firstOutput = first.output();
        }
        assertThat(firstOutput).containsPattern("\\[1/31\\] 2024-05-01 ok in \\d+ (s|min); elapsed \\d+ (s|min), about \\d+ (s|min) left")
                .contains("[5/31] 2024-05-05 ok in ");
        int doneBefore = 0;
        for (int i = 1; i <= 31; i++) {
            if (firstOutput.contains("[" + i + "/31] 2024-05-" + String.format("%02d", i) + " ok in ")) {
                doneBefore = i;
            }
        }
        assertThat(doneBefore).isBetween(5, 30);
        Map<String, FileTime> written = datedObjects();
        assertThat(written).isNotEmpty();

        // Second invocation: the dates that ended are skipped, the rest are run.
        CliHarness.Result second = CliHarness.run(env, getClass().getClassLoader(), backfill);

        assertThat(second.exitCode()).as(second.all()).isZero();
        for (int i = 1; i <= 31; i++) {
            String line = "[" + i + "/31] 2024-05-" + String.format("%02d", i) + (i <= doneBefore ? " already done" : " ok in ");
            assertThat(second.out()).contains(line);
        }
        assertThat(second.out()).containsPattern("\\[31/31\\] 2024-05-31 ok in \\d+ (s|min); elapsed \\d+ (s|min)");

        Map<String, FileTime> after = datedObjects();
        Map<String, TreeSet<String>> datesByDataset = new TreeMap<>();
        for (String key : after.keySet()) {
            Matcher m = DATED.matcher(key);
            assertThat(m.matches()).as(key).isTrue();
            datesByDataset.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
        }
        for (DatasetPath path : List.of(DatasetPaths.DAILY_TXS, DatasetPaths.ADDRESS_GROWTH, DatasetPaths.DAILY_ACTIVE_ADDRESSES,
                DatasetPaths.WALLET_BALANCES_RAW, DatasetPaths.WALLET_BALANCE_DISTRIBUTION)) {
            for (int i = 1; i <= 31; i++) {
                assertThat(after).as("the daily group's dated datasets").containsKey(path.keyFor(LocalDate.of(2024, 5, i)));
            }
        }
        TreeSet<String> may = new TreeSet<>();
        for (int i = 1; i <= 31; i++) {
            may.add("2024-05-" + String.format("%02d", i));
        }
        datesByDataset.forEach((dataset, dates) -> assertThat(dates).as(dataset + ": one object per date of May").isEqualTo(may));
        written.forEach((key, time) -> assertThat(after.get(key)).as(key + " was published once, not again on resume")
                .isEqualTo(time));
        try (Stream<Path> all = Files.walk(dir.resolve("blobs"))) {
            assertThat(all.filter(Files::isRegularFile).map(p -> dir.resolve("blobs").relativize(p).toString()))
                    .as("a backfill is not the latest run: no latest copy, no fixed key").noneMatch(k -> k.contains("latest"));
        }
    }

    /** The dated objects published (raw zone aside), with their modification times. */
    private Map<String, FileTime> datedObjects() throws Exception {
        Path root = dir.resolve("blobs");
        Map<String, FileTime> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String key = root.relativize(p).toString();
                if (!key.startsWith("raw/")) {
                    out.put(key, Files.getLastModifiedTime(p));
                }
            }
        }
        return out;
    }

    /** A small Stacks API database: four blocks a day, each with a transfer between ten principals. */
    private static String chainFrom(LocalDate first, LocalDate last) throws Exception {
        ChainBuilder chain = ChainBuilder.create(TestPostgres.newDatabase());
        int height = 0;
        String parent = "genesis";
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            long midnight = d.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            for (int b = 0; b < 4; b++) {
                height++;
                String block = "b" + height;
                long time = midnight + b * 21_600L + 600;
                String sender = "SP" + (height % 10);
                String recipient = "SP" + ((height * 7 + 3) % 10);
                chain.block(block, parent, height, time, time, 800_000 + height, true)
                        .tx("t" + height, block, height, time, 0, true, true, sender, 1_000)
                        .stxEvent("t" + height, block, height, 0, 1, 1_000_000L * (height % 13 + 1), sender, recipient, true, true);
                parent = block;
            }
        }
        for (int p = 0; p < 10; p++) {
            chain.ftBalance("SP" + p, 1_000_000_000L * (p + 1));
        }
        chain.tip(height);
        try (java.sql.Connection c = chain.dataSource().getConnection()) {
            return c.getMetaData().getURL();
        }
    }
}
