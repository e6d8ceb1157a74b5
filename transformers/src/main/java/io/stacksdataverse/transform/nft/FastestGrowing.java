package io.stacksdataverse.transform.nft;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Catalog #26, {@code nft_fastest_growing}: the collections whose mints grew most from D−1 to D.
 * growth = 100·(m_D − m_{D−1}) / m_{D−1}, one double division of two exact integers, so equal
 * ratios give equal values; only collections with m_{D−1} at or above a minimum qualify. Ordered
 * by growth descending, then m_D descending, then contract id ascending; top 10 with unique names.
 */
public final class FastestGrowing {
    private FastestGrowing() {
    }

    /** The mints of one asset on D−1 ({@code previous}) and on D ({@code current}). */
    public record AssetMints(String assetIdentifier, long previous, long current) {
    }

    /** A collection's mints on both days and its growth in percent. */
    public record Growth(NftCollection collection, long previous, long current, double percent) {
    }

    /** 100·(current − previous) / previous as one division of exact integers; {@code previous} must be positive. */
    public static double percent(long previous, long current) {
        if (previous <= 0) {
            throw new IllegalArgumentException("growth needs a positive previous count, got " + previous);
        }
        return (double) Math.multiplyExact(100L, Math.subtractExact(current, previous)) / (double) previous;
    }

    /**
     * The qualifying collections in ranking order, all of them (before the top-10 cut). Throws
     * {@link NftCollection.MalformedAssetIdentifier} for an identifier without its parts.
     */
    public static List<Growth> ranked(List<AssetMints> assets, long minPrevious) {
        if (minPrevious < 1) {
            throw new IllegalArgumentException("the minimum previous mints must be at least 1, got " + minPrevious);
        }
        // All assets of one contract count together.
        Map<String, long[]> byContract = new TreeMap<>();
        Map<String, NftCollection> collections = new TreeMap<>();
        for (AssetMints a : assets) {
            NftCollection c = NftCollection.ofAsset(a.assetIdentifier());
            collections.putIfAbsent(c.contractId(), c);
            long[] counts = byContract.computeIfAbsent(c.contractId(), k -> new long[2]);
            counts[0] += a.previous();
            counts[1] += a.current();
        }
        List<Growth> out = new ArrayList<>();
        byContract.forEach((contract, counts) -> {
            if (counts[0] >= minPrevious) {
                out.add(new Growth(collections.get(contract), counts[0], counts[1], percent(counts[0], counts[1])));
            }
        });
        out.sort(Comparator.comparingDouble(Growth::percent).reversed()
                .thenComparing(Comparator.comparingLong(Growth::current).reversed())
                .thenComparing(g -> g.collection().contractId()));
        return out;
    }

    /** The published ranking: the top 10 with unique names, {@code value} the unrounded percent. */
    public static List<NftRanking.Ranked> top(List<AssetMints> assets, long minPrevious) {
        List<NftRanking.Ranked> sorted = ranked(assets, minPrevious).stream()
                .map(g -> new NftRanking.Ranked(g.collection(), g.percent())).toList();
        return NftRanking.uniqueNames(sorted, NftRanking.TOP);
    }
}
