package io.stacksdataverse.host;

import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import java.util.Optional;

/** A daily task that is only its id (and whether it is disabled), for tests of what the host derives from tasks; it does nothing when run. */
record NamedTask(String id, boolean disabled) implements Task {
    NamedTask(String id) {
        this(id, false);
    }

    @Override
    public ScheduleGroup group() {
        return ScheduleGroup.DAILY;
    }

    @Override
    public Optional<String> disabledReason() {
        return disabled ? Optional.of("off") : Optional.empty();
    }

    @Override
    public TaskResult run(TaskContext ctx) {
        return TaskResult.builder().build();
    }
}
