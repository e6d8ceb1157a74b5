package io.stacksdataverse.transform.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NftTransformsTest {
    @Test
    void theRankingSumsAContractsAssetsOrdersByMintsThenContractIdAndKeepsNamesUnique() {
        Map<String, Long> mints = new LinkedHashMap<>();
        mints.put("SPB.punks::punk", 5L);          // same name as SPA.punks, ranked below it on the tie: dropped
        mints.put("SPC.apes::ape", 3L);
        mints.put("SPC.apes::banana", 2L);         // apes = 5, after SPA.punks on the contract id
        mints.put("SPA.punks::punk", 5L);
        mints.put("SPZ.big::b", 7L);
        mints.put("SPD.c1::x", 1L);
        mints.put("SPD.c2::x", 1L);
        mints.put("SPD.c3::x", 1L);
        Map<String, Map<String, Object>> top = TopMinted.top(mints, 4);
        assertThat(top.keySet()).containsExactly("big", "punks", "apes", "c1");
        assertThat(top.get("punks")).containsExactly(Map.entry("value", 5L), Map.entry("contract", "SPA"));
        assertThat(top.get("apes")).containsEntry("value", 5L).containsEntry("contract", "SPC");
        assertThat(TopMinted.top(mints, 10).keySet()).containsExactly("big", "punks", "apes", "c1", "c2", "c3");
        assertThat(TopMinted.top(Map.of(), 10)).isEmpty();
    }

    @Test
    void aMalformedIdentifierFailsTheRanking() {
        assertThatThrownBy(() -> TopMinted.top(Map.of("SPA.punks::punk", 1L, "nodots", 2L), 10))
                .isInstanceOf(NftCollection.MalformedAssetIdentifier.class).hasMessageContaining("'nodots'");
    }

    @Test
    void theSupplyIsARunningTotalFromTheBase() {
        List<NftSupply.DaySupply> s = NftSupply.running(10, List.of(new NftSupply.DayChange(0, null, 0),
                new NftSupply.DayChange(86_400, 4L, 3), new NftSupply.DayChange(172_800, 9L, -2)));
        assertThat(s).containsExactly(new NftSupply.DaySupply(0, null, 10), new NftSupply.DaySupply(86_400, 4L, 13),
                new NftSupply.DaySupply(172_800, 9L, 11));
        assertThatThrownBy(() -> NftSupply.running(0, List.of(new NftSupply.DayChange(86_400, 1L, 1),
                new NftSupply.DayChange(86_400, 1L, 1)))).hasMessageContaining("out of order");
    }
}
