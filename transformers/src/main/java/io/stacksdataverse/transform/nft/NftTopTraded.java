package io.stacksdataverse.transform.nft;

import io.stacksdataverse.transform.Units;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Catalog #39: the collections with the largest trade volume of a window. Each trade counts for the
 * collection of its first NFT transfer; ranked by exact µSTX descending, then contract id ascending,
 * with unique names ({@link NftRanking}).
 */
public final class NftTopTraded {
    public static final int TOP = NftRanking.TOP;

    /** One trade: the collection it is attributed to and its volume (µSTX). */
    public record Trade(NftCollection collection, long microStx) {
    }

    private NftTopTraded() {
    }

    /** {@code {"<contract name>": {"value": STX, "contract": "<deployer>"}}}, at most {@link #TOP}, in rank order. */
    public static Map<String, Map<String, Object>> top(List<Trade> trades) {
        Map<String, Long> byContract = new TreeMap<>();
        Map<String, NftCollection> collections = new TreeMap<>();
        for (Trade t : trades) {
            byContract.merge(t.collection().contractId(), t.microStx(), Math::addExact);
            collections.put(t.collection().contractId(), t.collection());
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(byContract.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        List<NftRanking.Ranked> ranked = new ArrayList<>();
        for (Map.Entry<String, Long> e : sorted) {
            if (e.getValue() > 0) {
                ranked.add(new NftRanking.Ranked(collections.get(e.getKey()), Units.stx(e.getValue())));
            }
        }
        return NftRanking.json(NftRanking.uniqueNames(ranked, TOP));
    }
}
