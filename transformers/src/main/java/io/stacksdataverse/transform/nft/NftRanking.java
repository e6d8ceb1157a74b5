package io.stacksdataverse.transform.nft;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The published shape of the NFT top-10 rankings (catalogs #26, #27, #39, #40):
 * {@code {"<contract name>": {"value": v, "contract": "<deployer>"}}}, in ranking order, with the
 * unique-key rule: a collection whose contract name is already higher in the ranking (another
 * deployer's contract of the same name) is dropped and the next one moves up.
 */
public final class NftRanking {
    /** How many collections a ranking keeps. */
    public static final int TOP = 10;

    /** A collection and the value it is ranked by. */
    public record Ranked(NftCollection collection, Number value) {
    }

    private NftRanking() {
    }

    /** The first {@code limit} entries of {@code sorted} (already in ranking order) whose contract names are unique. */
    public static List<Ranked> uniqueNames(List<Ranked> sorted, int limit) {
        Set<String> names = new HashSet<>();
        List<Ranked> kept = new ArrayList<>();
        for (Ranked r : sorted) {
            if (kept.size() == limit) {
                break;
            }
            if (names.add(r.collection().name())) {
                kept.add(r);
            }
        }
        return kept;
    }

    /** The JSON object of a ranking, in its order. */
    public static Map<String, Map<String, Object>> json(List<Ranked> ranking) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Ranked r : ranking) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("value", r.value());
            entry.put("contract", r.collection().deployer());
            out.put(r.collection().name(), entry);
        }
        return out;
    }
}
