package io.stacksdataverse.host.cli;

import io.stacksdataverse.host.HostConfig;
import io.stacksdataverse.host.HostSettings;
import io.stacksdataverse.host.TaskTimeouts;
import io.stacksdataverse.spi.Config;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"The effective configuration, secrets redacted.",
                "The environment wins over the file DATAVERSE_CONFIG names, which wins over the declared defaults."})
final class ConfigCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--table", description = "Print every declared setting as the README's configuration table instead.")
    boolean table;

    ConfigCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (table) {
            context.out().print(HostSettings.markdownTable(HostSettings.all(context.plugins())));
            return CliContext.OK;
        }
        Config config = context.config();
        config.describe().forEach((k, v) -> context.out().println(k + "=" + (TaskTimeouts.isOverride(k)
                ? v.replace(" (not declared)", " (for one task: see DATAVERSE_TASK_TIMEOUT)") : v)));
        context.out().println("DATAVERSE_HOME (effective)=" + HostConfig.home(config));
        return CliContext.OK;
    }
}
