package io.stacksdataverse.runners;

import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.Setting;
import java.util.List;

/** The settings the catalog's datasets read (the sources' own settings belong to the extractor plugins). */
public record DatasetSettings(String priceSymbol, String priceQuote, String lunarCrushCoin, int balanceDeltaMaxBlocks,
                              String explorerTxUrl) {

    public static final List<Setting> DECLARED = List.of(
            Setting.of("STX_PRICE_SYMBOL", "STX", "coin of `stx_price_history`, `market_indicators` and `market_caps`"),
            Setting.of("STX_PRICE_QUOTE", "USD", "quote currency of those three"),
            Setting.of("LUNARCRUSH_COIN", "STX", "coin of `lunar_metrics`"),
            Setting.of("STACKS_BALANCE_DELTA_MAX_BLOCKS", "50000",
                    "below this distance from the tip, balances come from `ft_balances` minus newer rows; 0: always the full sum"),
            Setting.of("DATAVERSE_EXPLORER_TX_URL", "https://explorer.hiro.so/txid/",
                    "prefix of `whale_movements`' `explorer_url` (the original's explorer.stacks.co now redirects there)"));

    public static DatasetSettings read(Config config) {
        int maxBlocks = config.getInt("STACKS_BALANCE_DELTA_MAX_BLOCKS", 50_000);
        if (maxBlocks < 0) {
            throw new IllegalStateException("STACKS_BALANCE_DELTA_MAX_BLOCKS must not be negative, got " + maxBlocks);
        }
        return new DatasetSettings(config.get("STX_PRICE_SYMBOL", "STX"), config.get("STX_PRICE_QUOTE", "USD"),
                config.get("LUNARCRUSH_COIN", "STX"), maxBlocks,
                config.get("DATAVERSE_EXPLORER_TX_URL", "https://explorer.hiro.so/txid/"));
    }
}
