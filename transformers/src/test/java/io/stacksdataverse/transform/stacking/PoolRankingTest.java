package io.stacksdataverse.transform.stacking;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.transform.stacking.PoolRanking.RankedPool;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolRankingTest {
    private static RankedPool pool(String delegator, long ustx) {
        return new RankedPool(delegator, BigInteger.valueOf(ustx));
    }

    @Test
    void namesFromTheMapOtherwiseTheAddressAndValuesInStxRoundedHalfEvenToThreeDecimals() {
        Map<String, Map<String, Object>> top = PoolRanking.topPools(List.of(pool("SP1POOL", 1_234_567_500L), pool("SP2POOL", 2_000_000L),
                pool("SP3POOL.pool-contract", 1_000_500L)), Map.of("SP1POOL", "Friedger Pool"));
        assertThat(top.keySet()).containsExactly("Friedger Pool", "SP2POOL", "SP3POOL.pool-contract");
        assertThat(top.get("Friedger Pool")).containsEntry("value", new BigDecimal("1234.568")).containsEntry("address", "SP1POOL");
        assertThat(top.get("SP2POOL").get("value")).isEqualTo(new BigDecimal("2"));
        // 1.0005 STX: a tie at the third decimal goes to the even digit.
        assertThat(top.get("SP3POOL.pool-contract").get("value")).isEqualTo(new BigDecimal("1"));
    }

    @Test
    void aNameTakenByAHigherPoolDropsTheLowerOneAndTheEleventhMovesUp() {
        List<RankedPool> ranked = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            ranked.add(pool("SP" + i, 1_000_000L * (100 - i)));
        }
        Map<String, Map<String, Object>> top = PoolRanking.topPools(ranked, Map.of("SP1", "Same Name", "SP3", "Same Name"));
        assertThat(top).hasSize(10);
        assertThat(top.keySet()).containsExactly("SP0", "Same Name", "SP2", "SP4", "SP5", "SP6", "SP7", "SP8", "SP9", "SP10");
        assertThat(top.get("Same Name")).containsEntry("address", "SP1");
    }

    @Test
    void theCountIsEveryPool() {
        assertThat(PoolRanking.poolCount(17)).containsExactly(Map.entry("total_pools", 17));
    }
}
