package io.stacksdataverse.host.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/** The command line: its commands, their generated help, and exit codes 0 (done), 1 (a task failed), 2 (a usage error). */
@Command(name = "dataverse", mixinStandardHelpOptions = true, versionProvider = DataverseCommand.Version.class,
        description = "Datasets of the Stacks blockchain, crypto market prices and social metrics.",
        footerHeading = "%nExit codes:%n",
        footer = {"  0  done", "  1  a task failed (named on standard error), or status found a stale task",
                "  2  a usage error: unknown command, task or option, future date, bad setting",
                "%nRun 'dataverse COMMAND --help' for a command's options."},
        subcommands = CommandLine.HelpCommand.class)
public final class DataverseCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    private DataverseCommand(CliContext context) {
        this.context = context;
    }

    /** The command line with every command, printing to the context's streams. */
    public static CommandLine commandLine(CliContext context) {
        CommandLine cli = new CommandLine(new DataverseCommand(context))
                .addSubcommand(new ListCommand(context))
                .addSubcommand(new StatusCommand(context))
                .addSubcommand(new HistoryCommand(context))
                .addSubcommand(new BackfillCommand(context))
                .addSubcommand(new RunCommand(context))
                .addSubcommand(new ReplayCommand(context))
                .addSubcommand(new DagCommand(context))
                .addSubcommand(new ServeCommand(context))
                .addSubcommand(new BenchCommand(context))
                .addSubcommand(new ConfigCommand(context));
        cli.setOut(new PrintWriter(context.out(), true));
        cli.setErr(new PrintWriter(context.err(), true));
        cli.setParameterExceptionHandler((e, args) -> usageError(e.getCommandLine(), message(e)));
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof UsageException) {
                return usageError(command, e.getMessage());
            }
            if (e instanceof CliContext.ConfigurationException) {
                command.getErr().println("configuration: " + e.getMessage());
                return CliContext.USAGE;
            }
            command.getErr().println("error: " + context.redact(String.valueOf(e.getMessage())));
            return CliContext.FAILED;
        });
        return cli;
    }

    /** Without a command: the usage, on standard error, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(context.err());
        return CliContext.USAGE;
    }

    private static int usageError(CommandLine command, String message) {
        command.getErr().println(message);
        command.usage(command.getErr());
        command.getErr().flush();
        return CliContext.USAGE;
    }

    /** A missing option or parameter says what is needed ("--date YYYY-MM-DD is required"). */
    private static String message(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.MissingParameterException missing) {
            List<ArgSpec> args = missing.getMissing();
            return args.stream().map(a -> (a instanceof OptionSpec o ? o.longestName() + " " : "") + a.paramLabel())
                    .collect(Collectors.joining(" and ")) + (args.size() == 1 ? " is required" : " are required");
        }
        return e.getMessage();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DataverseCommand.class.getPackage().getImplementationVersion();
            return new String[] {"dataverse " + (version == null ? "(development build)" : version)};
        }
    }
}
