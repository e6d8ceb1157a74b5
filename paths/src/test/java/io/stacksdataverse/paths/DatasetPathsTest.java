package io.stacksdataverse.paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DatasetPathsTest {

    @Test
    void datedTemplateGivesDatedAndLatestKeys() {
        assertThat(DatasetPaths.DAILY_TXS.keyFor(LocalDate.of(2022, 3, 1))).isEqualTo("daily_txs/2022-03-01.json.gz");
        assertThat(DatasetPaths.DAILY_TXS.latestKey()).isEqualTo("daily_txs/latest.json.gz");
        assertThat(DatasetPaths.ADDRESS_GROWTH.prefix()).isEqualTo("addx_growth/");
    }

    @Test
    void fixedKeyIsTheSameForEveryDate() {
        assertThat(DatasetPaths.PRICE_7D.isDated()).isFalse();
        assertThat(DatasetPaths.PRICE_7D.keyFor(LocalDate.of(2024, 6, 1))).isEqualTo("price_over_time/latest_7d.json.gz");
        assertThat(DatasetPaths.PRICE_7D.latestKey()).isEqualTo("price_over_time/latest_7d.json.gz");
    }

    @Test
    void catalogHasFortyTwoUniqueObjects() {
        assertThat(DatasetPaths.all()).hasSize(42);
        assertThat(DatasetPaths.all().stream().map(DatasetPath::template).distinct()).hasSize(42);
        assertThat(DatasetPaths.all().stream().filter(DatasetPath::isDated).map(DatasetPath::id))
                .containsExactlyInAnyOrder("daily_txs", "address_growth", "daily_active_addresses",
                        "wallet_balances_raw", "wallet_balance_distribution", "stx_stacked_over_time");
        assertThat(DatasetPaths.byId("whale_movements")).contains(DatasetPaths.WHALE_MOVEMENTS);
        assertThat(DatasetPaths.WHALE_MOVEMENTS.isCsv()).isTrue();
    }

    @Test
    void rejectsTemplatesThatAreNotDatasetKeys() {
        assertThatThrownBy(() -> DatasetPath.fixed("x", "x.json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatasetPath.fixed("x", "../x.json.gz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatasetPath.dated("x", "x/latest.json.gz")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rawKeysNameSourceEndpointDateAndHashes() {
        String key = RawKeys.key("cryptocompare", RawKeys.endpointSegment("/data/v2/histohour"),
                LocalDate.of(2024, 6, 1), "0123456789abcdef", "fedcba9876543210", "json");
        assertThat(key).isEqualTo("raw/cryptocompare/data_v2_histohour/2024-06-01/0123456789abcdef-fedcba9876543210.json.gz");
        assertThatThrownBy(() -> RawKeys.key("Crypto Compare", "x", LocalDate.of(2024, 6, 1), "00000000", "00000000", "json"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RawKeys.endpointSegment("/")).isEqualTo("root");
    }
}
