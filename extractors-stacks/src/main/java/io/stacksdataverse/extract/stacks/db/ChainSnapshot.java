package io.stacksdataverse.extract.stacks.db;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a daily run needs to know about the chain before it reads any event, read in one statement:
 *
 * @param cutoff             the newest canonical block before the end of the day (H_D); empty on an empty chain
 * @param lastStillCanonical whether the block the newest run stopped at is still canonical; empty when that
 *                           block was not given or the database does not know it
 * @param firstNewDay        the earliest UTC day start (by {@code burn_block_time}) of the canonical blocks above
 *                           the given height up to the cutoff; empty when there are none
 * @param lastNewDay         the latest such day start
 */
public record ChainSnapshot(Optional<BlockRef> cutoff, Optional<Boolean> lastStillCanonical, OptionalLong firstNewDay,
                            OptionalLong lastNewDay) {
}
