package io.stacksdataverse.host.cli;

import io.stacksdataverse.host.HostConfig;
import io.stacksdataverse.spi.Config;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"The effective configuration, secrets redacted.",
                "The environment wins over the file DATAVERSE_CONFIG names, which wins over the defaults."})
final class ConfigCommand implements Callable<Integer> {
    private final CliContext context;

    ConfigCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Config config = context.config();
        config.describe().forEach((k, v) -> context.out().println(k + "=" + v));
        context.out().println("DATAVERSE_HOME (effective)=" + HostConfig.home(config));
        return CliContext.OK;
    }
}
