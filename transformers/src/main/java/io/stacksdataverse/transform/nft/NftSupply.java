package io.stacksdataverse.transform.nft;

import java.util.ArrayList;
import java.util.List;

/**
 * Catalogs #41–42: the NFTs in existence (mints − burns) as a running total over consecutive day
 * boundaries, each boundary's change being the mints − burns of the blocks above the previous one.
 */
public final class NftSupply {
    private NftSupply() {
    }

    /**
     * A day's boundary: the cutoff block H(t(d) + 1800) ({@code null} when no canonical block is
     * older) and the mints − burns of the blocks above the previous boundary up to it.
     */
    public record DayChange(long dayStart, Long boundaryHeight, long change) {
    }

    /** The supply as of a day's boundary. */
    public record DaySupply(long dayStart, Long boundaryHeight, long supply) {
    }

    /** The running totals from {@code base} (the supply at the boundary before the first change). */
    public static List<DaySupply> running(long base, List<DayChange> changes) {
        List<DaySupply> out = new ArrayList<>(changes.size());
        long supply = base;
        long previousDay = Long.MIN_VALUE;
        for (DayChange c : changes) {
            if (c.dayStart() <= previousDay) {
                throw new IllegalArgumentException("day changes out of order: " + c.dayStart() + " after " + previousDay);
            }
            previousDay = c.dayStart();
            supply = Math.addExact(supply, c.change());
            out.add(new DaySupply(c.dayStart(), c.boundaryHeight(), supply));
        }
        return out;
    }
}
