package io.stacksdataverse.runners;

import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.Setting;
import java.util.List;

/** The settings the catalog's datasets read (the sources' own settings belong to the extractor plugins). */
public record DatasetSettings(String priceSymbol, String priceQuote, String lunarCrushCoin, int balanceDeltaMaxBlocks,
                              String explorerTxUrl, boolean stackedReadonlyBackfill, int stackedReadonlyMaxCalls,
                              int mempoolWindowDays, int nftVolumeWindowDays, int nftGrowthMinPreviousMints) {

    public static final List<Setting> DECLARED = List.of(
            Setting.of("STX_PRICE_SYMBOL", "STX", "coin of `stx_price_history`, `market_indicators` and `market_caps`"),
            Setting.of("STX_PRICE_QUOTE", "USD", "quote currency of those three"),
            Setting.of("LUNARCRUSH_COIN", "STX", "coin of `lunar_metrics`"),
            Setting.of("STACKS_BALANCE_DELTA_MAX_BLOCKS", "50000",
                    "below this distance from the tip, balances come from `ft_balances` minus newer rows; 0: always the full sum"),
            Setting.of("DATAVERSE_EXPLORER_TX_URL", "https://explorer.hiro.so/txid/",
                    "prefix of `whale_movements`' `explorer_url` (the original's explorer.stacks.co now redirects there)"),
            Setting.of("STX_STACKED_READONLY_BACKFILL", "true",
                    "`stx_stacked_over_time` adds the exact points of pox-4's read-only `get-total-ustx-stacked`; false: snapshots only"),
            Setting.of("STX_STACKED_READONLY_MAX_CALLS", "300",
                    "read-only calls a `stx_stacked_over_time` run makes at most (newest burn heights first; the rest wait for the next run)"),
            Setting.of("MEMPOOL_WINDOW_DAYS", "30", "days of mempool snapshots `mempool_over_time` publishes, up to E"),
            Setting.of("NFT_VOLUME_WINDOW_DAYS", "30",
                    "UTC days of NFT trades `nft_volume` publishes, D's included (trades with `burn_block_time` ≥ t(D − days + 1))"),
            Setting.of("NFT_GROWTH_MIN_PREVIOUS_MINTS", "1",
                    "mints on D−1 a collection needs to be ranked by `nft_fastest_growing` (at least 1: the growth divides by them)"));

    public static DatasetSettings read(Config config) {
        int maxBlocks = config.getInt("STACKS_BALANCE_DELTA_MAX_BLOCKS", 50_000);
        if (maxBlocks < 0) {
            throw new IllegalStateException("STACKS_BALANCE_DELTA_MAX_BLOCKS must not be negative, got " + maxBlocks);
        }
        String backfill = config.get("STX_STACKED_READONLY_BACKFILL", "true").trim();
        if (!backfill.equalsIgnoreCase("true") && !backfill.equalsIgnoreCase("false")) {
            throw new IllegalStateException("STX_STACKED_READONLY_BACKFILL must be true or false, got '" + backfill + "'");
        }
        int maxCalls = config.getInt("STX_STACKED_READONLY_MAX_CALLS", 300);
        if (maxCalls < 0) {
            throw new IllegalStateException("STX_STACKED_READONLY_MAX_CALLS must not be negative, got " + maxCalls);
        }
        int mempoolDays = config.getInt("MEMPOOL_WINDOW_DAYS", 30);
        if (mempoolDays < 1) {
            throw new IllegalStateException("MEMPOOL_WINDOW_DAYS must be at least 1, got " + mempoolDays);
        }
        int nftDays = config.getInt("NFT_VOLUME_WINDOW_DAYS", 30);
        if (nftDays < 1) {
            throw new IllegalStateException("NFT_VOLUME_WINDOW_DAYS must be at least 1, got " + nftDays);
        }
        int minPreviousMints = config.getInt("NFT_GROWTH_MIN_PREVIOUS_MINTS", 1);
        if (minPreviousMints < 1) {
            throw new IllegalStateException("NFT_GROWTH_MIN_PREVIOUS_MINTS must be at least 1, got " + minPreviousMints);
        }
        return new DatasetSettings(config.get("STX_PRICE_SYMBOL", "STX"), config.get("STX_PRICE_QUOTE", "USD"),
                config.get("LUNARCRUSH_COIN", "STX"), maxBlocks,
                config.get("DATAVERSE_EXPLORER_TX_URL", "https://explorer.hiro.so/txid/"), Boolean.parseBoolean(backfill), maxCalls,
                mempoolDays, nftDays, minPreviousMints);
    }
}
