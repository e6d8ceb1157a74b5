package io.stacksdataverse.host.cli;

import io.stacksdataverse.host.DagScheduler;
import io.stacksdataverse.host.SchedulerSettings;
import io.stacksdataverse.spi.Config;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run both schedule groups on their schedules until stopped (SIGTERM).",
                "The daily group at 00:00 UTC, for the day before (DATAVERSE_DAILY_CRON); the half-hourly one at :00 and :30"
                        + " (DATAVERSE_HALFHOURLY_CRON). On SIGTERM it starts nothing new and gives running tasks"
                        + " DATAVERSE_SHUTDOWN_WAIT to end."})
final class ServeCommand implements Callable<Integer> {
    private final CliContext context;

    ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return context.withHost(host -> {
            Config config = host.config();
            DagScheduler scheduler = new DagScheduler(host, DagScheduler.Mode.SERVE);
            OnStop stop = OnStop.install("dataverse-shutdown", () -> {
                context.err().println("stopping: running tasks get " + SchedulerSettings.shutdownWait(host).toSeconds()
                        + " s to end (DATAVERSE_SHUTDOWN_WAIT); what still runs then is released to another host");
                scheduler.close();
                host.close();
                context.err().println("stopped");
            });
            try {
                scheduler.start();
            } catch (RuntimeException e) {
                stop.close();
                scheduler.close();
                throw e;
            }
            context.out().println("serving " + host.graph().all().size() + " tasks as " + scheduler.name() + ": daily DAG on cron '"
                    + config.get("DATAVERSE_DAILY_CRON", "0 0 0 * * *") + "', half-hourly DAG on cron '"
                    + config.get("DATAVERSE_HALFHOURLY_CRON", "0 0,30 * * * *") + "' (UTC);"
                    + " warehouse " + host.warehouse().describe() + "; blobs "
                    + config.get("DATAVERSE_BLOB_STORE", "file:" + host.home().resolve("blobs")));
            context.out().flush();
            stop.awaitStop();
            return CliContext.OK;
        });
    }
}
