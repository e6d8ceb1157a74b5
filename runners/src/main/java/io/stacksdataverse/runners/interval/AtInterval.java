package io.stacksdataverse.runners.interval;

import io.stacksdataverse.spi.BlobStore;
import io.stacksdataverse.spi.Publisher;
import io.stacksdataverse.spi.RawRecorder;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.spi.Warehouse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A run's context seen as of another interval end of the same day: for a figure the catalog fixes
 * at the day's first interval (the spot statistics history) when the day's first run came later.
 */
public record AtInterval(TaskContext run, Instant intervalEnd) implements TaskContext {

    @Override
    public String runId() {
        return run.runId();
    }

    @Override
    public LocalDate executionDate() {
        return run.executionDate();
    }

    @Override
    public boolean isLatest() {
        return run.isLatest();
    }

    @Override
    public boolean fullRebuild() {
        return run.fullRebuild();
    }

    @Override
    public Optional<TaskResult> upstreamResult(String taskId) {
        return run.upstreamResult(taskId);
    }

    @Override
    public BlobStore blobs() {
        return run.blobs();
    }

    @Override
    public Publisher publisher() {
        return run.publisher();
    }

    @Override
    public RawRecorder raw() {
        return run.raw();
    }

    @Override
    public Warehouse warehouse() {
        return run.warehouse();
    }

    @Override
    public Clock clock() {
        return run.clock();
    }
}
