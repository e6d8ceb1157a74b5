package io.stacksdataverse.transform.nft;

import io.stacksdataverse.transform.Units;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Catalog #39: the collections with the largest trade volume of a window. Each trade counts for the
 * collection of its first NFT transfer; ranked by exact µSTX descending, then contract id ascending;
 * a contract name already ranked higher (another deployer's) is dropped and the next moves up.
 */
public final class NftTopTraded {
    public static final int TOP = 10;

    /** One trade: the collection it is attributed to and its volume (µSTX). */
    public record Trade(NftCollections.Collection collection, long microStx) {
    }

    private NftTopTraded() {
    }

    /** {@code {"<contract name>": {"value": STX, "contract": "<deployer>"}}}, at most {@link #TOP}, in rank order. */
    public static Map<String, Map<String, Object>> top(List<Trade> trades) {
        Map<String, Long> byContract = new TreeMap<>();
        Map<String, NftCollections.Collection> collections = new TreeMap<>();
        for (Trade t : trades) {
            byContract.merge(t.collection().contractId(), t.microStx(), Math::addExact);
            collections.put(t.collection().contractId(), t.collection());
        }
        List<Map.Entry<String, Long>> ranked = new ArrayList<>(byContract.entrySet());
        ranked.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (Map.Entry<String, Long> e : ranked) {
            if (out.size() == TOP) {
                break;
            }
            NftCollections.Collection c = collections.get(e.getKey());
            if (e.getValue() <= 0 || !names.add(c.name())) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("value", Units.stx(e.getValue()));
            entry.put("contract", c.deployer());
            out.put(c.name(), entry);
        }
        return out;
    }
}
