package io.stacksdataverse.host.cli;

import io.stacksdataverse.host.Host;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.spi.DataversePlugin;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Every task, its plugin, group and upstream tasks.", "Also its gate and whether it is enabled (and why not),",
                "and the catalog's datasets that no source can produce."})
final class ListCommand implements Callable<Integer> {
    private final CliContext context;

    ListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return context.withHost(this::list);
    }

    private int list(Host host) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TASK", "PLUGIN", "GROUP", "UPSTREAM", "GATE", "STATUS"});
        for (ScheduleGroup group : ScheduleGroup.values()) {
            for (Task t : host.graph().group(group)) {
                rows.add(new String[] {t.id(), host.pluginOf(t.id()), group.cliName(),
                        t.upstream().isEmpty() ? "-" : String.join(",", t.upstream()),
                        t.latestOnly() ? "latest-only" : "every date",
                        t.disabledReason().map(r -> "disabled: " + r).orElse("enabled")});
            }
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + (widths[i] + 2) + "s", r[i]));
            }
            context.out().println(line.toString().stripTrailing());
        }
        context.out().println();
        context.out().println("dropped (nothing publishes under their keys):");
        DatasetPaths.DROPPED.forEach((path, why) -> context.out().println("  " + path.id() + "  " + path.latestKey() + "  " + why));
        context.out().println();
        context.out().println("plugins: " + String.join(", ", host.plugins().stream().map(DataversePlugin::name).toList()));
        return CliContext.OK;
    }
}
