package io.stacksdataverse.host.cli;

import io.stacksdataverse.spi.Task;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run one task now and print where its output went.",
                "It counts as the latest run.",
                "It gets the last successful result of each upstream task for the same date."})
final class RunCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "TASK", description = "a task id (./dataverse list shows them)")
    private String taskId;

    @Mixin
    private DateOption date;

    @Mixin
    private IntervalOption interval;

    @Mixin
    private FullOption full;

    RunCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        LocalDate d = date.date(context);
        return context.withHost(host -> {
            if (!host.graph().contains(taskId)) {
                throw CliContext.unknownTask(host, taskId);
            }
            Task task = host.graph().task(taskId);
            Optional<String> disabled = task.disabledReason();
            if (disabled.isPresent()) {
                context.err().println("task " + taskId + " is disabled: " + disabled.get());
                return CliContext.FAILED;
            }
            return ByHand.run(context, host, task, d, interval.end(context, task.group(), d), full.full, false);
        });
    }
}
