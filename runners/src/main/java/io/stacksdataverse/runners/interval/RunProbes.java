package io.stacksdataverse.runners.interval;

import io.stacksdataverse.loaders.warehouse.IntervalProbes;
import io.stacksdataverse.spi.TaskContext;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Run-time probes (catalog §6): values that exist only at the moment they are read (the mempool
 * count, the node's fee rate). Only a run of the interval that ended last, at most 30 minutes ago,
 * takes one: an older interval would get today's value. The first run of E stores it; every
 * other run of E, {@code --full} included, reads the stored value back.
 */
public final class RunProbes {
    private RunProbes() {
    }

    /** A read of the probe's value now. */
    @FunctionalInterface
    public interface Read {
        long now() throws Exception;
    }

    /** True when the run serves the interval that ended last: now is in [E, E + 30 min). */
    public static boolean isCurrent(TaskContext ctx) {
        Instant now = ctx.clock().instant();
        Instant end = ctx.intervalEnd();
        return !now.isBefore(end) && now.isBefore(end.plusSeconds(1800));
    }

    /** The value stored under E, else for the current interval the value read now (then stored); empty otherwise. */
    public static OptionalLong probe(TaskContext ctx, String probe, Read read) throws Exception {
        IntervalProbes probes = new IntervalProbes(ctx.warehouse().dataSource());
        long end = ctx.intervalEnd().getEpochSecond();
        OptionalLong stored = probes.stored(probe, end);
        if (stored.isPresent() || !isCurrent(ctx)) {
            return stored;
        }
        return OptionalLong.of(probes.keepFirst(probe, end, read.now()));
    }
}
