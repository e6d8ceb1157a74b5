package io.stacksdataverse.host;

import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.Task;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * How long each task may run: {@code DATAVERSE_TASK_TIMEOUT}, or for one task
 * {@code DATAVERSE_TASK_TIMEOUT_<TASK_ID>} (its id in upper case, e.g.
 * {@code DATAVERSE_TASK_TIMEOUT_WALLET_BALANCES}); {@code 0} for no limit.
 */
public final class TaskTimeouts implements Function<Task, Duration> {
    static final String NAME = "DATAVERSE_TASK_TIMEOUT";
    static final Duration DEFAULT = Duration.ofHours(1);
    private final Config config;
    private final Duration general;

    private TaskTimeouts(Config config) {
        this.config = config;
        this.general = read(config, NAME, DEFAULT);
    }

    /**
     * The timeouts {@code config} sets, checked now: a negative or unreadable one, or an override
     * naming no task of {@code taskIds} (a misspelt one would silently not apply), fails the start.
     */
    static TaskTimeouts of(Config config, Set<String> taskIds) {
        TaskTimeouts timeouts = new TaskTimeouts(config);
        List<String> unknown = config.describe().keySet().stream().filter(TaskTimeouts::isOverride)
                .filter(n -> taskIds.stream().noneMatch(id -> overrideName(id).equals(n))).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", unknown) + " names no task of any plugin (the override of "
                    + NAME + " for a task is " + NAME + "_ and its id in upper case; ./dataverse list shows the tasks)");
        }
        taskIds.forEach(id -> read(config, overrideName(id), timeouts.general));
        return timeouts;
    }

    /** Whether {@code name} is the override for one task (its declaration is {@code DATAVERSE_TASK_TIMEOUT}'s). */
    public static boolean isOverride(String name) {
        return name.startsWith(NAME + "_");
    }

    /** The setting that overrides {@code DATAVERSE_TASK_TIMEOUT} for the task {@code taskId}. */
    static String overrideName(String taskId) {
        return NAME + "_" + taskId.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    @Override
    public Duration apply(Task task) {
        return read(config, overrideName(task.id()), general);
    }

    private static Duration read(Config config, String name, Duration fallback) {
        Duration d = config.getDuration(name, fallback);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative (0 for no limit), got " + d);
        }
        return d;
    }
}
