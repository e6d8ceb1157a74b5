package io.stacksdataverse.runners.interval;

import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.raw.BlobRawStore;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.runners.LocalRunner;
import io.stacksdataverse.runners.TaskGraph;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.spi.Task;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** One half-hourly task run alone for the interval ending at E, with the clock stopped at {@code now}. */
public final class OneTaskRun {
    private OneTaskRun() {
    }

    public static TaskOutcome run(Task task, LocalBlobStore blobs, PostgresWarehouse warehouse, Instant end, Instant now,
                                  boolean full) {
        LocalRunner runner = LocalRunner.builder(new TaskGraph(List.of(task))).blobs(blobs).raw(new BlobRawStore(blobs))
                .warehouse(warehouse).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
        return runner.run(List.of(task.id()), end, true, full, Map.of()).get(task.id());
    }
}
