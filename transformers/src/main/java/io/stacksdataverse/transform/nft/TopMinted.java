package io.stacksdataverse.transform.nft;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Catalog #40's ranking: mints per collection contract, ordered by mints descending, then contract
 * id ascending; the first {@code n} with unique keys (a contract name already ranked higher, from
 * another deployer, drops the lower one and the next moves up).
 */
public final class TopMinted {
    public static final int TOP = 10;

    private TopMinted() {
    }

    /**
     * {@code {"<contract name>": {"value": mints, "contract": "<deployer>"}}} in ranking order.
     *
     * @param mintsByAsset mints per {@code asset_identifier}
     * @throws NftCollections.MalformedAssetIdentifier for an identifier that names no collection
     */
    public static Map<String, Map<String, Object>> top(Map<String, Long> mintsByAsset, int n) {
        Map<String, Long> byContract = new TreeMap<>();
        Map<String, NftCollections.Collection> collections = new TreeMap<>();
        mintsByAsset.forEach((asset, mints) -> {
            NftCollections.Collection c = NftCollections.of(asset);
            byContract.merge(c.contractId(), mints, Long::sum);
            collections.put(c.contractId(), c);
        });
        List<String> ranked = new ArrayList<>(byContract.keySet());
        ranked.sort((a, b) -> {
            int byMints = Long.compare(byContract.get(b), byContract.get(a));
            return byMints != 0 ? byMints : a.compareTo(b);
        });
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (String contractId : ranked) {
            if (out.size() == n) {
                break;
            }
            NftCollections.Collection c = collections.get(contractId);
            if (names.add(c.name())) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("value", byContract.get(contractId));
                entry.put("contract", c.deployer());
                out.put(c.name(), entry);
            }
        }
        return out;
    }
}
