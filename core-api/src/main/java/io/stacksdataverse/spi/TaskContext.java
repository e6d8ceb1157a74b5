package io.stacksdataverse.spi;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/** What a task receives for one run. */
public interface TaskContext {

    /**
     * The id of the run this task is part of. Tasks of one run share per-run caches (for instance
     * one CryptoCompare call per symbol serves every task of the run).
     */
    String runId();

    /** The logical date D of the run (UTC). */
    LocalDate executionDate();

    /**
     * The end E of the interval the run serves. A half-hourly run serves [E − 30 min, E), and D is
     * the date of its start; a daily run, or a half-hourly one started by hand for a date only,
     * serves the last interval of D: E = t(D+1).
     */
    default Instant intervalEnd() {
        return executionDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * True when this run is for the newest interval (or was started by hand): it publishes the
     * {@code latest} copies and fixed keys. False during a backfill of older dates.
     */
    boolean isLatest();

    /** True when the task should rebuild its state from scratch instead of working incrementally. */
    boolean fullRebuild();

    /** The result an upstream task returned in this run (or, for a single task run by hand, its last result for D). */
    Optional<TaskResult> upstreamResult(String taskId);

    BlobStore blobs();

    /**
     * Publishes this run's datasets into {@link #blobs()} (dated and {@code latest} keys, fixed keys,
     * same-bytes skip, public keys recorded for the CDN).
     */
    Publisher publisher();

    /**
     * The raw zone, scoped to this run's execution date. In a replay it answers requests from the
     * raw zone instead ({@link RawRecorder#replaying()}): a task that reads a source other than
     * through an extractor's client must then read what it recorded.
     */
    RawRecorder raw();

    Warehouse warehouse();

    /** The wall clock (fixed in tests). Use it only for run-time probes, never for the window of D. */
    Clock clock();
}
