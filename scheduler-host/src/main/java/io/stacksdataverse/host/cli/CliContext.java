package io.stacksdataverse.host.cli;

import io.stacksdataverse.host.Host;
import io.stacksdataverse.host.HostConfig;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.Task;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What every command is given: where to print, the environment, the plugins' class loader and the clock. */
public final class CliContext {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final ClassLoader pluginLoader;
    private final Clock clock;
    private Config config;

    public CliContext(PrintStream out, PrintStream err, Map<String, String> environment, ClassLoader pluginLoader, Clock clock) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.pluginLoader = pluginLoader;
        this.clock = clock;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    Clock clock() {
        return clock;
    }

    /** Today (UTC) by the given clock: no date after it can be run. */
    LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /** The configuration, read on first use; a bad setting is a {@link ConfigurationException}. */
    Config config() {
        if (config == null) {
            try {
                config = HostConfig.fromEnvironment(environment, Host.discoverPlugins(pluginLoader));
            } catch (RuntimeException e) {
                throw new ConfigurationException(e.getMessage(), e);
            }
        }
        return config;
    }

    /** The plugins found on the plugin class path. */
    List<io.stacksdataverse.spi.DataversePlugin> plugins() {
        return Host.discoverPlugins(pluginLoader);
    }

    /** A text with the secrets of the configuration redacted (as it is, when the configuration cannot be read). */
    String redact(String text) {
        try {
            return config().redact(text);
        } catch (ConfigurationException e) {
            return text;
        }
    }

    interface HostCommand {
        int apply(Host host) throws Exception;
    }

    /** Runs {@code command} on a started host, closed after it. */
    int withHost(HostCommand command) {
        try (Host host = Host.start(config(), clock, Host.discoverPlugins(pluginLoader))) {
            return command.apply(host);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The usage error for a task id no plugin offers. */
    static UsageException unknownTask(Host host, String taskId) {
        return new UsageException("unknown task '" + taskId + "'; known: " + String.join(", ",
                host.graph().all().stream().map(Task::id).toList()));
    }

    /** One line per task outcome; exit 1 (naming them) when a task failed. */
    int report(List<TaskOutcome> outcomes) {
        List<String> failed = new ArrayList<>();
        for (TaskOutcome o : outcomes) {
            switch (o.status()) {
                case SUCCEEDED -> {
                    out.println("  ok      " + o.taskId());
                    o.result().ifPresent(r -> r.outputs().forEach(loc -> out.println("            -> " + loc)));
                }
                case SKIPPED -> out.println("  skipped " + named(o));
                case FAILED -> {
                    out.println("  FAILED  " + named(o));
                    failed.add(o.taskId());
                }
                default -> throw new IllegalStateException();
            }
        }
        if (!failed.isEmpty()) {
            err.println("failed tasks: " + String.join(", ", failed));
            return FAILED;
        }
        return OK;
    }

    /** "task: message", once: an error of a dataset's own read already starts with the dataset. */
    private static String named(TaskOutcome o) {
        String prefix = o.taskId() + ": ";
        return o.message().startsWith(prefix) ? o.message() : prefix + o.message();
    }

    /** A setting that cannot be read: exit 2, as a usage error. */
    static final class ConfigurationException extends RuntimeException {
        ConfigurationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
