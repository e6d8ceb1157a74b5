package io.stacksdataverse.host;

import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import java.util.List;
import java.util.Optional;

/** A task the operator turned off ({@code DATAVERSE_DISABLED_TASKS}): listed, never run. */
public final class DisabledTask implements Task {
    public static final String REASON = "listed in DATAVERSE_DISABLED_TASKS";
    private final Task task;

    DisabledTask(Task task) {
        this.task = task;
    }

    @Override
    public String id() {
        return task.id();
    }

    @Override
    public ScheduleGroup group() {
        return task.group();
    }

    @Override
    public List<String> upstream() {
        return task.upstream();
    }

    @Override
    public boolean latestOnly() {
        return task.latestOnly();
    }

    @Override
    public Optional<String> disabledReason() {
        return Optional.of(REASON);
    }

    @Override
    public TaskResult run(TaskContext context) {
        throw new IllegalStateException("task " + id() + " is " + REASON);
    }
}
