package io.stacksdataverse.transform.nft;

import io.stacksdataverse.transform.Units;
import io.stacksdataverse.transform.UtcDays;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Catalogs #37–38: the trade volume of a window per block and per UTC day, in STX. */
public final class NftVolumeSeries {
    /** The trades of one block: its height, Bitcoin time and Σ volume (µSTX). */
    public record BlockVolume(long height, long burnBlockTime, long microStx) {
    }

    private NftVolumeSeries() {
    }

    /** #37: {@code {"<height>": STX}} for the blocks with a positive volume, heights ascending. */
    public static Map<String, BigDecimal> perBlock(List<BlockVolume> blocks) {
        TreeMap<Long, Long> byHeight = new TreeMap<>();
        for (BlockVolume b : blocks) {
            byHeight.merge(b.height(), b.microStx(), Math::addExact);
        }
        return positiveInStx(byHeight);
    }

    /** #38: {@code {"<t(d)>": STX}}, Σ per UTC day of the blocks' Bitcoin time, positive days ascending. */
    public static Map<String, BigDecimal> perDay(List<BlockVolume> blocks) {
        TreeMap<Long, Long> byDay = new TreeMap<>();
        for (BlockVolume b : blocks) {
            byDay.merge(UtcDays.dayStart(b.burnBlockTime()), b.microStx(), Math::addExact);
        }
        return positiveInStx(byDay);
    }

    private static Map<String, BigDecimal> positiveInStx(TreeMap<Long, Long> microStx) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        microStx.forEach((k, v) -> {
            if (v > 0) {
                out.put(Long.toString(k), Units.stx(v));
            }
        });
        return out;
    }
}
