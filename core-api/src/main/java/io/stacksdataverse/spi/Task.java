package io.stacksdataverse.spi;

import java.util.List;
import java.util.Optional;

/**
 * One runner: a routine that extracts, transforms and loads one dataset (or a few that come from
 * the same input) for an execution date, and returns what downstream tasks need.
 *
 * <p>A task is stateless between runs: whatever it must remember lives in the warehouse. It
 * knows nothing of the scheduler that calls it.
 */
public interface Task {

    /** Unique id: lowercase letters, digits and underscores, e.g. {@code stx_price_history}. */
    String id();

    ScheduleGroup group();

    /** Ids of the tasks (of the same group) that must succeed first, and whose results this task receives. */
    default List<String> upstream() {
        return List.of();
    }

    /**
     * True when the task may only run for the newest interval (Airflow's latest-only gate): a
     * backfill or catch-up of an older date skips it.
     */
    default boolean latestOnly() {
        return false;
    }

    /** Why the task cannot run with the present configuration (e.g. a missing API key); empty when it can. */
    default Optional<String> disabledReason() {
        return Optional.empty();
    }

    /**
     * True when every source answer the task reads passes through the raw zone
     * ({@link TaskContext#raw()}), so {@code replay} can rebuild its outputs for a date from the raw
     * zone alone, with no source reachable. A task that reads a source directly (e.g. a database)
     * without keeping what it read is not replayable.
     */
    default boolean replayable() {
        return false;
    }

    /** Runs the task for {@link TaskContext#executionDate()}. Throws to fail the task. */
    TaskResult run(TaskContext context) throws Exception;
}
