package io.stacksdataverse.runners;

import io.stacksdataverse.spi.BlobStore;
import io.stacksdataverse.spi.Publisher;
import io.stacksdataverse.spi.RawRecorder;
import io.stacksdataverse.spi.RawStore;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.spi.Warehouse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A plain {@link TaskContext}: what the host, the local runner and embedding services hand to a
 * task. {@code raw} records into the raw zone, or replays it ({@link RawStore#replayer}).
 */
public record RunContext(String runId, LocalDate executionDate, Instant intervalEnd, boolean isLatest, boolean fullRebuild,
                         Map<String, TaskResult> upstreamResults, BlobStore blobs, RawRecorder raw,
                         Warehouse warehouse, Clock clock) implements TaskContext {

    public RunContext {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(executionDate, "executionDate");
        RunIntervals.check(executionDate, intervalEnd);
        upstreamResults = Map.copyOf(upstreamResults);
        Objects.requireNonNull(blobs, "blobs");
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(warehouse, "warehouse");
        Objects.requireNonNull(clock, "clock");
    }

    /** Publishes into {@link #blobs()}: the runner hands a store that records the public keys written. */
    @Override
    public Publisher publisher() {
        return new RunPublisher(blobs, executionDate, isLatest);
    }

    @Override
    public Optional<TaskResult> upstreamResult(String taskId) {
        return Optional.ofNullable(upstreamResults.get(taskId));
    }
}
