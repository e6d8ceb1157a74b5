package io.stacksdataverse.paths;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every published object of the dataset catalog, by its dataset id. The numbers in the comments
 * are the catalog's (DATASETS.md §2).
 */
public final class DatasetPaths {
    private DatasetPaths() {
    }

    // Daily DAG
    /** 1. */
    public static final DatasetPath DAILY_TXS = DatasetPath.dated("daily_txs", "daily_txs/{execution_date}.json.gz");
    /** 2. */
    public static final DatasetPath ADDRESS_GROWTH = DatasetPath.dated("address_growth", "addx_growth/{execution_date}.json.gz");
    /** 3. */
    public static final DatasetPath DAILY_ACTIVE_ADDRESSES = DatasetPath.dated("daily_active_addresses", "addx_dailyactive/{execution_date}.json.gz");
    /** 4. */
    public static final DatasetPath WALLET_BALANCES_RAW = DatasetPath.dated("wallet_balances_raw", "wallet_balances_raw/{execution_date}.json.gz");
    /** 5. */
    public static final DatasetPath WALLET_BALANCE_DISTRIBUTION = DatasetPath.dated("wallet_balance_distribution", "wallet_balances/{execution_date}.json.gz");
    /** 6. */
    public static final DatasetPath NONZERO_BALANCES_OVER_TIME = DatasetPath.fixed("nonzero_balances_over_time", "wallet_balances/latest_nonzero.json.gz");
    /** 8. */
    public static final DatasetPath STX_STACKED_OVER_TIME = DatasetPath.dated("stx_stacked_over_time", "stx_stacked_over_time/{execution_date}.json.gz");
    /** 10. */
    public static final DatasetPath PRICE_7D = DatasetPath.fixed("price_7d", "price_over_time/latest_7d.json.gz");
    /** 11. */
    public static final DatasetPath PRICE_30D = DatasetPath.fixed("price_30d", "price_over_time/latest_30d.json.gz");
    /** 12. */
    public static final DatasetPath PRICE_90D = DatasetPath.fixed("price_90d", "price_over_time/latest_90d.json.gz");
    /** 13. */
    public static final DatasetPath VOLUMES_180D = DatasetPath.fixed("volumes_180d", "vols/latest_180d.json.gz");
    /** 14. */
    public static final DatasetPath MARKET_CAPS_180D = DatasetPath.fixed("market_caps_180d", "caps/latest_180d.json.gz");
    /** 15. */
    public static final DatasetPath FINANCIAL_INDICATORS_CSV = DatasetPath.fixed("financial_indicators_csv", "financial_indicators/latest.csv.gz");
    /** 16. */
    public static final DatasetPath RSI = DatasetPath.fixed("rsi", "financial_indicators/rsi_latest.json.gz");
    /** 17. */
    public static final DatasetPath RVI = DatasetPath.fixed("rvi", "financial_indicators/rvi_latest.json.gz");
    /** 18. */
    public static final DatasetPath EMA = DatasetPath.fixed("ema", "financial_indicators/ema_latest.json.gz");
    /** 19. */
    public static final DatasetPath LUNAR_SPOT = DatasetPath.fixed("lunar_spot", "lunar/spot.json.gz");
    /** 20. */
    public static final DatasetPath LUNAR_HISTORY = DatasetPath.fixed("lunar_history", "lunar/hist.json.gz");
    /** 21. */
    public static final DatasetPath MICROBLOCKS_PER_DAY = DatasetPath.fixed("microblocks_per_day", "microblocks/latest.json.gz");
    /** 22 (private). */
    public static final DatasetPath SANITY_CHECK = DatasetPath.fixed("sanity_check", "sanity_check.json.gz");
    /** 23. */
    public static final DatasetPath WHALE_MOVEMENTS = DatasetPath.fixed("whale_movements", "whales/latest_movements.csv.gz");
    /** 24. */
    public static final DatasetPath TOP_POOLS = DatasetPath.fixed("top_pools", "pools/top_pools.json.gz");
    /** 25. */
    public static final DatasetPath POOL_COUNT = DatasetPath.fixed("pool_count", "pools/number.json.gz");
    /** 26. */
    public static final DatasetPath NFT_FASTEST_GROWING = DatasetPath.fixed("nft_fastest_growing", "nft/fastest_growing.json.gz");
    /** 27. */
    public static final DatasetPath NFT_TOP_BY_HOLDERS = DatasetPath.fixed("nft_top_by_holders", "nft/top_by_holders.json.gz");
    /** 28 (dropped: no listing data). */
    public static final DatasetPath NFT_TOP10_CHEAPEST = DatasetPath.fixed("nft_top10_cheapest", "nft/top_10_cheapest.json.gz");
    /** 29 (dropped: no listing data). */
    public static final DatasetPath NFT_TOP10_MOST_EXPENSIVE = DatasetPath.fixed("nft_top10_most_expensive", "nft/top_10_most_expensive.json.gz");

    // Half-hourly DAG
    /** 30. */
    public static final DatasetPath SPOT_STATS = DatasetPath.fixed("spot_stats", "spot_stats/latest.json.gz");
    /** 31. */
    public static final DatasetPath SPOT_STATS_HISTORY = DatasetPath.fixed("spot_stats_history", "spot_stats/historical.json.gz");
    /** 32. */
    public static final DatasetPath MINING_LAST100 = DatasetPath.fixed("mining_last100", "mining_data/last100_overview.json.gz");
    /** 33. */
    public static final DatasetPath MINING_RISK_REWARD = DatasetPath.fixed("mining_risk_reward", "mining_data/riskreward.json.gz");
    /** 34. */
    public static final DatasetPath MINING_MOST_SUCCESSFUL = DatasetPath.fixed("mining_most_successful", "mining_data/most_successful.json.gz");
    /** 35. */
    public static final DatasetPath STACKING_REWARDS_RECENT = DatasetPath.fixed("stacking_rewards_recent", "stacking_data/recent_rewards.json.gz");
    /** 36. */
    public static final DatasetPath STACKING_REWARDS_RECENT_USD = DatasetPath.fixed("stacking_rewards_recent_usd", "stacking_data/recent_rewards_small.json.gz");
    /** 37. */
    public static final DatasetPath NFT_VOLUME_PER_BLOCK = DatasetPath.fixed("nft_volume_per_block", "nft/stx_tradingvol_per_block.json.gz");
    /** 38. */
    public static final DatasetPath NFT_VOLUME_PER_DAY = DatasetPath.fixed("nft_volume_per_day", "nft/stx_tradingvol_per_day.json.gz");
    /** 39. */
    public static final DatasetPath NFT_TOP_TRADED_LAST100 = DatasetPath.fixed("nft_top_traded_last100", "nft/top_by_tradevol_last100.json.gz");
    /** 40. */
    public static final DatasetPath NFT_TOP_MINTED_LAST100 = DatasetPath.fixed("nft_top_minted_last100", "nft/top_by_mints_last100.json.gz");
    /** 41. */
    public static final DatasetPath NFT_IN_EXISTENCE_NOW = DatasetPath.fixed("nft_in_existence_now", "nft/in_existence_now.json.gz");
    /** 42. */
    public static final DatasetPath NFT_IN_EXISTENCE_OVER_TIME = DatasetPath.fixed("nft_in_existence_over_time", "nft/in_existence_over_time.json.gz");
    /** 43. */
    public static final DatasetPath TXS_PER_BLOCK = DatasetPath.fixed("txs_per_block", "tx_per_block/latest.json.gz");
    /** 44. */
    public static final DatasetPath MEMPOOL_OVER_TIME = DatasetPath.fixed("mempool_over_time", "mempool/latest.json.gz");

    private static final Map<String, DatasetPath> BY_ID = index(List.of(
            DAILY_TXS, ADDRESS_GROWTH, DAILY_ACTIVE_ADDRESSES, WALLET_BALANCES_RAW, WALLET_BALANCE_DISTRIBUTION,
            NONZERO_BALANCES_OVER_TIME, STX_STACKED_OVER_TIME, PRICE_7D, PRICE_30D, PRICE_90D, VOLUMES_180D,
            MARKET_CAPS_180D, FINANCIAL_INDICATORS_CSV, RSI, RVI, EMA, LUNAR_SPOT, LUNAR_HISTORY,
            MICROBLOCKS_PER_DAY, SANITY_CHECK, WHALE_MOVEMENTS, TOP_POOLS, POOL_COUNT, NFT_FASTEST_GROWING,
            NFT_TOP_BY_HOLDERS, NFT_TOP10_CHEAPEST, NFT_TOP10_MOST_EXPENSIVE, SPOT_STATS, SPOT_STATS_HISTORY,
            MINING_LAST100, MINING_RISK_REWARD, MINING_MOST_SUCCESSFUL, STACKING_REWARDS_RECENT,
            STACKING_REWARDS_RECENT_USD, NFT_VOLUME_PER_BLOCK, NFT_VOLUME_PER_DAY, NFT_TOP_TRADED_LAST100,
            NFT_TOP_MINTED_LAST100, NFT_IN_EXISTENCE_NOW, NFT_IN_EXISTENCE_OVER_TIME, TXS_PER_BLOCK,
            MEMPOOL_OVER_TIME));

    private static Map<String, DatasetPath> index(List<DatasetPath> all) {
        Map<String, DatasetPath> byId = new LinkedHashMap<>();
        for (DatasetPath path : all) {
            if (byId.put(path.id(), path) != null) {
                throw new IllegalStateException("duplicate dataset id " + path.id());
            }
        }
        return Map.copyOf(byId);
    }

    /** Every published object of the catalog (42 objects). */
    public static List<DatasetPath> all() {
        return BY_ID.values().stream().sorted(java.util.Comparator.comparing(DatasetPath::id)).toList();
    }

    public static Optional<DatasetPath> byId(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    /** Why nothing produces #28 and #29: the catalog's reason. */
    public static final String NO_LISTING_DATA = "no source: a floor price is the lowest active marketplace listing, and"
            + " listings live in each marketplace's contract state, which the Stacks API tables do not hold";

    /** The catalog's datasets that no live source can produce, with the reason: nothing may publish under their keys. */
    public static final Map<DatasetPath, String> DROPPED = orderedMap(NFT_TOP10_CHEAPEST, NO_LISTING_DATA,
            NFT_TOP10_MOST_EXPENSIVE, NO_LISTING_DATA);

    public static boolean isDropped(DatasetPath path) {
        return DROPPED.containsKey(path);
    }

    private static Map<DatasetPath, String> orderedMap(DatasetPath a, String whyA, DatasetPath b, String whyB) {
        Map<DatasetPath, String> m = new LinkedHashMap<>();
        m.put(a, whyA);
        m.put(b, whyB);
        return java.util.Collections.unmodifiableMap(m);
    }
}
