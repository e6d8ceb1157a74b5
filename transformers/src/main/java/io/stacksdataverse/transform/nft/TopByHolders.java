package io.stacksdataverse.transform.nft;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Catalog #27, {@code nft_top_by_holders}: collections by their number of distinct owners as of
 * the cutoff, descending, then contract id ascending; top 10 with unique names, {@code value} an int.
 */
public final class TopByHolders {
    private TopByHolders() {
    }

    /** The distinct owners of a collection's tokens, with the asset identifiers the collection was grouped from. */
    public record CollectionHolders(List<String> assetIdentifiers, long holders) {
    }

    /**
     * The published ranking. Every asset identifier is parsed, so one without its parts throws
     * {@link NftCollection.MalformedAssetIdentifier}; the assets of one entry must share a contract.
     */
    public static List<NftRanking.Ranked> top(List<CollectionHolders> collections) {
        List<NftRanking.Ranked> sorted = new ArrayList<>();
        for (CollectionHolders c : collections) {
            if (c.assetIdentifiers().isEmpty()) {
                throw new IllegalArgumentException("a collection with holders needs at least one asset identifier");
            }
            NftCollection first = NftCollection.ofAsset(c.assetIdentifiers().get(0));
            for (String asset : c.assetIdentifiers()) {
                if (!NftCollection.ofAsset(asset).equals(first)) {
                    throw new IllegalArgumentException("assets of different contracts grouped together: " + c.assetIdentifiers());
                }
            }
            sorted.add(new NftRanking.Ranked(first, c.holders()));
        }
        sorted.sort(Comparator.comparingLong((NftRanking.Ranked r) -> r.value().longValue()).reversed()
                .thenComparing(r -> r.collection().contractId()));
        return NftRanking.uniqueNames(sorted, NftRanking.TOP);
    }
}
