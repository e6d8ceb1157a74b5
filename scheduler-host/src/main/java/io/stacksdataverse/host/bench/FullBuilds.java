package io.stacksdataverse.host.bench;

import io.stacksdataverse.runners.LocalRunner;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.runners.mining.MiningLast100Task;
import io.stacksdataverse.runners.nft.NftInExistenceTask;
import io.stacksdataverse.runners.nft.NftVolumeTask;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.transform.UtcDays;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The half-hourly datasets that keep state to read less (a trade table, per-day counts, the committed
 * total's checkpoint), each run with {@code --full} for the last interval end: what their incremental
 * runs save. The catalog's goal is an incremental run at most 5% of its full build.
 */
final class FullBuilds {
    static final Set<String> INCREMENTAL = Set.of(MiningLast100Task.ID, NftInExistenceTask.ID, NftVolumeTask.ID);
    static final double MAX_SHARE = 0.05;

    private FullBuilds() {
    }

    /** The median of {@code runs} full builds of each incremental task of {@code group} for E (each its own run id, as a re-run by hand). */
    static Map<String, Double> time(LocalRunner runner, List<Task> group, HalfHourlyBench.BenchClock clock, Instant e, int runs) {
        clock.set(e.plusSeconds(90));
        Map<String, Double> out = new LinkedHashMap<>();
        for (Task task : group) {
            if (!INCREMENTAL.contains(task.id()) || !task.upstream().isEmpty()) {
                continue;
            }
            double[] t = new double[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                TaskOutcome o = runner.runOne(LocalRunner.newRunId(UtcDays.dayOf(e.getEpochSecond() - 1)), task, e, true, true,
                        Map.of(), key -> { });
                t[i] = (System.nanoTime() - start) / 1e9;
                if (o.status() != TaskOutcome.Status.SUCCEEDED) {
                    throw new IllegalStateException("bench full build of " + task.id() + " " + o.status() + ": " + o.message());
                }
            }
            Arrays.sort(t);
            out.put(task.id(), t[runs / 2]);
        }
        return out;
    }

    /** Each incremental task's run against its full build, and the check. */
    static void print(PrintStream out, Map<String, Double> full, Map<String, Double> incremental) {
        out.println();
        out.printf("%-24s %15s %9s %10s%n", "incremental dataset", "incremental (s)", "full (s)", "incr/full");
        boolean within = true;
        for (Map.Entry<String, Double> f : full.entrySet()) {
            double incr = incremental.get(f.getKey());
            out.printf(Locale.ROOT, "%-24s %15.4f %9.4f %9.1f%%%n", f.getKey(), incr, f.getValue(), 100 * incr / f.getValue());
            within &= incr <= MAX_SHARE * f.getValue();
        }
        out.printf(Locale.ROOT, "%s every incremental run at most %.0f%% of its full build%n", within ? "PASS" : "FAIL", 100 * MAX_SHARE);
    }
}
