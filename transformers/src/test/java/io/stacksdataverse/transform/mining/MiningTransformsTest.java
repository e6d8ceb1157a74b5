package io.stacksdataverse.transform.mining;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MiningTransformsTest {
    private static final List<Tenure> TENURES = List.of(
            new Tenure(10, 86_400 + 5, "SPA", 300_000L, 100_000L, 1_000_000_000L, 3_000),
            new Tenure(11, 86_400 + 600, "SPB", null, null, null, 0),                 // prepare phase, immature
            new Tenure(12, 2 * 86_400 + 1, "SPA", 150_000L, 0L, 500_000_000L, 1),
            new Tenure(13, 2 * 86_400 + 700, "SPB", 0L, 7L, null, 2));

    @Test
    void immatureRewardsTakeTheNewestMaturedOneOfTheWindowElseTheOlderOne() {
        List<WindowEntry> e = MiningOverview.entries(TENURES, OptionalLong.of(9));
        assertThat(e).extracting(WindowEntry::rewardMicroStx).containsExactly(1_000_000_000L, 500_000_000L, 500_000_000L, 500_000_000L);
        List<Tenure> immature = List.of(new Tenure(1, 0, "SPA", null, null, null, 0));
        assertThat(MiningOverview.entries(immature, OptionalLong.of(9)).get(0).rewardMicroStx()).isEqualTo(9L);
        assertThat(MiningOverview.entries(immature, OptionalLong.empty()).get(0).rewardMicroStx()).isNull();
    }

    @Test
    void overviewInTheCatalogsKeyOrderWithNullsForMissingRows() {
        Map<String, Object> o = MiningOverview.overview(TENURES, MiningOverview.entries(TENURES, OptionalLong.empty()), 123_456_789L);
        assertThat(o.keySet()).containsExactly("btc_burns", "stx_rewards", "win_probabilities", "last_block_reward",
                "total_btc_committed", "avg_btc_committed", "winner_burn_fees", "avg_fee_per_block", "winning_miners",
                "total_stx_rewards", "block_heights");
        Map<String, Object> burns = new LinkedHashMap<>();
        burns.put("10", new BigDecimal("0.003"));
        burns.put("11", null);
        burns.put("12", new BigDecimal("0.002"));     // 0.0015 → the double above the tie → 0.002
        burns.put("13", new BigDecimal("0"));
        assertThat(o.get("btc_burns")).isEqualTo(burns);
        assertThat(o.get("win_probabilities").toString()).isEqualTo("{10=0.333, 11=null, 12=0, 13=null}");
        assertThat(o.get("total_btc_committed")).isEqualTo(new BigDecimal("1.235"));
        assertThat(o.get("avg_btc_committed")).isEqualTo(new BigDecimal("0")); // (100,000 + 0 + 7) / 3 sats = 0.00033 BTC
        assertThat(o.get("avg_fee_per_block")).isEqualTo(new BigDecimal("0.001"));   // 3,003 µSTX / 4
        assertThat((BigDecimal) o.get("last_block_reward")).isEqualByComparingTo("500");
        assertThat((BigDecimal) o.get("total_stx_rewards")).isEqualByComparingTo("2500");
        assertThat(o.get("block_heights")).isEqualTo(List.of(10L, 11L, 12L, 13L));
    }

    @Test
    void riskRewardPricesEachTenureAtItsDaysClose() {
        List<WindowEntry> e = MiningOverview.entries(TENURES, OptionalLong.empty());
        assertThat(RiskReward.days(e)).containsExactly(86_400L, 172_800L);
        Map<String, Object> r = RiskReward.of(e, Map.of(86_400L, 60_000.0, 172_800L, 70_000.0), Map.of(86_400L, 2.0));
        assertThat(r.toString()).isEqualTo("{10={burn_block_time=86405, spent_usd=60.0, rewarded_usd=2000.0}, "
                + "11={burn_block_time=87000, spent_usd=null, rewarded_usd=1000.0}, "
                + "12={burn_block_time=172801, spent_usd=0.0, rewarded_usd=null}, "
                + "13={burn_block_time=173500, spent_usd=0.004900000000000001, rewarded_usd=null}}");
    }

    @Test
    void mostSuccessfulByWinsThenFirstAppearance() {
        List<WindowEntry> e = List.of(new WindowEntry(1, 0, "SPC", null, null), new WindowEntry(2, 0, "SPB", null, null),
                new WindowEntry(3, 0, "SPA", null, null), new WindowEntry(4, 0, "SPB", null, null),
                new WindowEntry(5, 0, "SPA", null, null));
        assertThat(MostSuccessful.of(e).entrySet()).extracting(Object::toString).containsExactly("SPB=2", "SPA=2", "SPC=1");
    }
}
