package io.stacksdataverse.host;

import io.stacksdataverse.host.cli.BackfillCommand;
import io.stacksdataverse.host.cli.CliContext;
import io.stacksdataverse.host.cli.DataverseCommand;
import io.stacksdataverse.spi.Task;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The entry point of the command line ({@code ./dataverse}); the commands are in {@link io.stacksdataverse.host.cli}. */
public final class Main {
    static final int OK = CliContext.OK;
    static final int FAILED = CliContext.FAILED;
    static final int USAGE = CliContext.USAGE;

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
        int code = new Main(System.out, System.err, System.getenv(), Thread.currentThread().getContextClassLoader()).run(args);
        System.exit(code);
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
