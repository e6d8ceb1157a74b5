package io.stacksdataverse.runners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.spi.LayeredConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetSettingsTest {

    @Test
    void defaults() {
        DatasetSettings s = DatasetSettings.read(LayeredConfig.ofMap(Map.of()));
        assertThat(s).isEqualTo(new DatasetSettings("STX", "USD", "STX", 50_000, "https://explorer.hiro.so/txid/", true, 300, 30, 30, 1));
        assertThat(DatasetSettings.read(LayeredConfig.of(Map.of(), Map.of(), DatasetSettings.DECLARED))).isEqualTo(s);
    }

    @Test
    void explicitValues() {
        DatasetSettings s = DatasetSettings.read(LayeredConfig.ofMap(Map.of("STX_PRICE_SYMBOL", "BTC", "STX_PRICE_QUOTE", "EUR",
                "LUNARCRUSH_COIN", "ETH", "STACKS_BALANCE_DELTA_MAX_BLOCKS", "0",
                "DATAVERSE_EXPLORER_TX_URL", "https://explorer.example/tx/", "STX_STACKED_READONLY_BACKFILL", "FALSE",
                "STX_STACKED_READONLY_MAX_CALLS", "12", "MEMPOOL_WINDOW_DAYS", "7", "NFT_VOLUME_WINDOW_DAYS", "3",
                "NFT_GROWTH_MIN_PREVIOUS_MINTS", "4")));
        assertThat(s).isEqualTo(new DatasetSettings("BTC", "EUR", "ETH", 0, "https://explorer.example/tx/", false, 12, 7, 3, 4));
        assertThatThrownBy(() -> DatasetSettings.read(LayeredConfig.ofMap(Map.of("STACKS_BALANCE_DELTA_MAX_BLOCKS", "-1"))))
                .hasMessageContaining("STACKS_BALANCE_DELTA_MAX_BLOCKS");
        assertThatThrownBy(() -> DatasetSettings.read(LayeredConfig.ofMap(Map.of("STX_STACKED_READONLY_BACKFILL", "yes"))))
                .hasMessageContaining("STX_STACKED_READONLY_BACKFILL");
        assertThatThrownBy(() -> DatasetSettings.read(LayeredConfig.ofMap(Map.of("STX_STACKED_READONLY_MAX_CALLS", "-1"))))
                .hasMessageContaining("STX_STACKED_READONLY_MAX_CALLS");
        assertThatThrownBy(() -> DatasetSettings.read(LayeredConfig.ofMap(Map.of("MEMPOOL_WINDOW_DAYS", "0"))))
                .hasMessageContaining("MEMPOOL_WINDOW_DAYS");
        assertThatThrownBy(() -> DatasetSettings.read(LayeredConfig.ofMap(Map.of("NFT_VOLUME_WINDOW_DAYS", "0"))))
                .hasMessageContaining("NFT_VOLUME_WINDOW_DAYS");
        assertThatThrownBy(() -> DatasetSettings.read(LayeredConfig.ofMap(Map.of("NFT_GROWTH_MIN_PREVIOUS_MINTS", "0"))))
                .hasMessageContaining("NFT_GROWTH_MIN_PREVIOUS_MINTS");
    }
}
