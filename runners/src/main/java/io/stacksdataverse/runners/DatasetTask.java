package io.stacksdataverse.runners;

import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A task whose id, schedule group, gate and upstream tasks are fixed when it is built; a subclass
 * writes only {@link #run}, and names what it needs with {@link #requires}, which disables it while
 * that is missing. (Plugins may implement {@link Task} directly instead.)
 */
public abstract class DatasetTask implements Task {
    private final String id;
    private final ScheduleGroup group;
    private final boolean latestOnly;
    private final List<String> upstream;
    private final List<Prerequisite> prerequisites = new ArrayList<>();

    protected DatasetTask(String id, ScheduleGroup group, boolean latestOnly, String... upstream) {
        this.id = id;
        this.group = group;
        this.latestOnly = latestOnly;
        this.upstream = List.of(upstream);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final ScheduleGroup group() {
        return group;
    }

    @Override
    public final boolean latestOnly() {
        return latestOnly;
    }

    @Override
    public final List<String> upstream() {
        return upstream;
    }

    /** Registers something this task needs (the first missing one is its disabled reason) and returns it. */
    protected final <P extends Prerequisite> P requires(P prerequisite) {
        prerequisites.add(prerequisite);
        return prerequisite;
    }

    @Override
    public Optional<String> disabledReason() {
        return prerequisites.stream().map(Prerequisite::disabledReason).flatMap(Optional::stream).findFirst();
    }
}
