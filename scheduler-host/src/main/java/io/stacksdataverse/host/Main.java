package io.stacksdataverse.host;

import io.stacksdataverse.host.cli.BackfillCommand;
import io.stacksdataverse.host.cli.CliContext;
import io.stacksdataverse.host.cli.DataverseCommand;
import io.stacksdataverse.spi.Task;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The entry point of the command line ({@code ./dataverse}); the commands are in {@link io.stacksdataverse.host.cli}. */
public final class Main {
    static final int OK = CliContext.OK;
    static final int FAILED = CliContext.FAILED;
    static final int USAGE = CliContext.USAGE;
    static final String LOG_FORMAT_PROPERTY = "dataverse.log.format";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final ClassLoader pluginLoader;
    private final Clock clock;

    public Main(PrintStream out, PrintStream err, Map<String, String> environment, ClassLoader pluginLoader) {
        this(out, err, environment, pluginLoader, Clock.systemUTC());
    }

    /** With the clock that decides "today" for date checks and that the host's tasks see. */
    public Main(PrintStream out, PrintStream err, Map<String, String> environment, ClassLoader pluginLoader, Clock clock) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.pluginLoader = pluginLoader;
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        Optional<String> wrong = selectLogFormat(System.getenv());
        if (wrong.isPresent()) {
            System.err.println("configuration: " + wrong.get());
            System.exit(USAGE);
        }
        int code = new Main(System.out, System.err, System.getenv(), Thread.currentThread().getContextClassLoader()).run(args);
        System.exit(code);
    }

    /**
     * Sets {@value #LOG_FORMAT_PROPERTY}, which {@code logback.xml} reads to choose plain or JSON
     * lines, from {@code DATAVERSE_LOG_FORMAT}: before anything logs, since Logback reads its
     * configuration once. Returns what is wrong with the setting.
     */
    static Optional<String> selectLogFormat(Map<String, String> environment) {
        String format;
        try {
            format = HostConfig.fromEnvironment(environment, List.of()).get("DATAVERSE_LOG_FORMAT", "plain");
        } catch (RuntimeException unreadable) { // the command reports it
            format = environment.getOrDefault("DATAVERSE_LOG_FORMAT", "plain");
        }
        format = format.strip().toLowerCase(Locale.ROOT);
        if (!format.equals("plain") && !format.equals("json")) {
            return Optional.of("DATAVERSE_LOG_FORMAT must be plain or json, got '" + format + "'");
        }
        System.setProperty(LOG_FORMAT_PROPERTY, format);
        return Optional.empty();
    }

    public int run(String... args) {
        int code = DataverseCommand.commandLine(new CliContext(out, err, environment, pluginLoader, clock)).execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The name of a backfill's task set, which its run ids carry. */
    static String backfillTaskKey(List<Task> tasks) {
        return BackfillCommand.taskKey(tasks);
    }
}
