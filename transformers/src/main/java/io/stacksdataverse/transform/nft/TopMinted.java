package io.stacksdataverse.transform.nft;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Catalog #40's ranking: mints per collection contract, ordered by mints descending, then contract
 * id ascending; the first {@code n} with unique names ({@link NftRanking}).
 */
public final class TopMinted {
    public static final int TOP = NftRanking.TOP;

    private TopMinted() {
    }

    /**
     * {@code {"<contract name>": {"value": mints, "contract": "<deployer>"}}} in ranking order.
     *
     * @param mintsByAsset mints per {@code asset_identifier}
     * @throws NftCollection.MalformedAssetIdentifier for an identifier that names no collection
     */
    public static Map<String, Map<String, Object>> top(Map<String, Long> mintsByAsset, int n) {
        Map<String, Long> byContract = new TreeMap<>();
        Map<String, NftCollection> collections = new TreeMap<>();
        mintsByAsset.forEach((asset, mints) -> {
            NftCollection c = NftCollection.ofAsset(asset);
            byContract.merge(c.contractId(), mints, Long::sum);
            collections.put(c.contractId(), c);
        });
        List<NftRanking.Ranked> ranked = new ArrayList<>();
        byContract.forEach((contractId, mints) -> ranked.add(new NftRanking.Ranked(collections.get(contractId), mints)));
        ranked.sort(Comparator.comparingLong((NftRanking.Ranked r) -> r.value().longValue()).reversed()
                .thenComparing(r -> r.collection().contractId()));
        return NftRanking.json(NftRanking.uniqueNames(ranked, n));
    }
}
