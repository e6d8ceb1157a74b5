package io.stacksdataverse.transform.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NftRankingsTest {

    private static FastestGrowing.AssetMints mints(String asset, long previous, long current) {
        return new FastestGrowing.AssetMints(asset, previous, current);
    }

    private static List<String> names(List<NftRanking.Ranked> ranking) {
        return ranking.stream().map(r -> r.collection().name()).toList();
    }

    @Test
    void assetIdentifierSplitsIntoDeployerAndContractName() {
        NftCollection c = NftCollection.ofAsset("SP2X0TZ59D5SZ8ACQ6YMCHHNR2ZN51Z32E2CJ173.the-explorer-guild::The-Explorer-Guild");
        assertThat(c.contractId()).isEqualTo("SP2X0TZ59D5SZ8ACQ6YMCHHNR2ZN51Z32E2CJ173.the-explorer-guild");
        assertThat(c.deployer()).isEqualTo("SP2X0TZ59D5SZ8ACQ6YMCHHNR2ZN51Z32E2CJ173");
        assertThat(c.name()).isEqualTo("the-explorer-guild");
    }

    @Test
    void malformedAssetIdentifiersAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> NftCollection.ofAsset("SP1.punks"))
                .isInstanceOf(NftCollection.MalformedAssetIdentifier.class).hasMessageContaining("'SP1.punks' has no '::'");
        assertThatThrownBy(() -> NftCollection.ofAsset("SP1punks::punk"))
                .isInstanceOf(NftCollection.MalformedAssetIdentifier.class).hasMessageContaining("no '.' in its contract part 'SP1punks'");
        assertThatThrownBy(() -> NftCollection.ofAsset(".punks::punk")).hasMessageContaining("empty deployer or contract name");
        assertThatThrownBy(() -> NftCollection.ofAsset("SP1.::punk")).hasMessageContaining("empty deployer or contract name");
        assertThatThrownBy(() -> NftCollection.ofAsset("SP1.a.b::punk")).hasMessageContaining("more than one '.'");
        assertThatThrownBy(() -> NftCollection.ofAsset("SP1.punks::")).hasMessageContaining("no asset name");
        NftCollection.MalformedAssetIdentifier e = org.junit.jupiter.api.Assertions.assertThrows(
                NftCollection.MalformedAssetIdentifier.class, () -> NftCollection.ofAsset("bad"));
        assertThat(e.assetIdentifier()).isEqualTo("bad");
    }

    @Test
    void growthIsOneDivisionOfExactIntegersSoEqualRatiosAreEqual() {
        assertThat(FastestGrowing.percent(1, 2)).isEqualTo(100.0);
        assertThat(FastestGrowing.percent(3, 4)).isEqualTo(FastestGrowing.percent(6, 8)).isEqualTo(100.0 / 3);
        assertThat(FastestGrowing.percent(3, 0)).isEqualTo(-100.0);
        assertThat(FastestGrowing.percent(7, 7)).isEqualTo(0.0);
        // 100/3 written unrounded: 33.333333333333336, not a rounded 33.33
        assertThat(Double.toString(FastestGrowing.percent(3, 4))).isEqualTo("33.333333333333336");
        assertThatThrownBy(() -> FastestGrowing.percent(0, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void assetsOfOneContractCountTogetherAndTheMinimumFiltersOnThePreviousDay() {
        List<FastestGrowing.Growth> ranked = FastestGrowing.ranked(List.of(
                mints("SP1.apes::ape", 1, 3), mints("SP1.apes::banana", 1, 1),        // apes: 2 → 4, +100 %
                mints("SP2.new::n", 0, 50),                                            // no mints on D−1: not qualified
                mints("SP3.few::f", 2, 1)), 2);                                        // min 2: qualifies with −50 %
        assertThat(ranked).extracting(g -> g.collection().contractId()).containsExactly("SP1.apes", "SP3.few");
        assertThat(ranked.get(0).previous()).isEqualTo(2);
        assertThat(ranked.get(0).current()).isEqualTo(4);
        assertThat(ranked.get(0).percent()).isEqualTo(100.0);
        assertThat(ranked.get(1).percent()).isEqualTo(-50.0);
        assertThat(FastestGrowing.ranked(List.of(mints("SP3.few::f", 1, 1)), 2)).isEmpty();
        assertThatThrownBy(() -> FastestGrowing.ranked(List.of(), 0)).hasMessageContaining("at least 1");
    }

    @Test
    void equalGrowthIsOrderedByMintsOfTheDayThenContractId() {
        List<FastestGrowing.Growth> ranked = FastestGrowing.ranked(List.of(
                mints("SP9.zeta::z", 1, 2),     // +100 %, m_D 2
                mints("SP1.beta::b", 2, 4),     // +100 %, m_D 4
                mints("SP1.alpha::a", 2, 4),    // +100 %, m_D 4: contract id before SP1.beta
                mints("SP5.gone::g", 4, 0),     // −100 %
                mints("SP4.up::u", 1, 5)), 1);  // +400 %
        assertThat(ranked).extracting(g -> g.collection().contractId())
                .containsExactly("SP4.up", "SP1.alpha", "SP1.beta", "SP9.zeta", "SP5.gone");
    }

    @Test
    void aNameAlreadyRankedHigherDropsTheLowerCollectionAndTheNextMovesUp() {
        List<FastestGrowing.AssetMints> assets = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            assets.add(mints("SP" + i + ".c" + i + "::x", 1, 20 - i));               // c0 highest … c10 lowest
        }
        assets.add(mints("SPOTHER.c0::x", 1, 15));                                   // same name as c0, lower: dropped
        List<NftRanking.Ranked> top = FastestGrowing.top(assets, 1);
        assertThat(names(top)).containsExactly("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9");
        assertThat(top.get(0).collection().deployer()).isEqualTo("SP0");
        assets.add(mints("SPTOP.c3::x", 1, 100));                                    // same name as c3, higher: c3 of SP3 drops
        List<NftRanking.Ranked> again = FastestGrowing.top(assets, 1);
        assertThat(names(again)).containsExactly("c3", "c0", "c1", "c2", "c4", "c5", "c6", "c7", "c8", "c9");
        assertThat(again.get(0).collection().deployer()).isEqualTo("SPTOP");
    }

    @Test
    void holdersRankDescendingThenContractIdWithUniqueNames() {
        List<NftRanking.Ranked> top = TopByHolders.top(List.of(
                new TopByHolders.CollectionHolders(List.of("SP2.punks::punk"), 5),
                new TopByHolders.CollectionHolders(List.of("SP1.apes::ape", "SP1.apes::banana"), 7),
                new TopByHolders.CollectionHolders(List.of("SP1.punks::punk"), 5),     // tie with SP2.punks: SP1 first
                new TopByHolders.CollectionHolders(List.of("SP3.cats::cat"), 5)));
        assertThat(top).extracting(r -> r.collection().contractId()).containsExactly("SP1.apes", "SP1.punks", "SP3.cats");
        assertThat(NftRanking.json(top)).isEqualTo(Map.of(
                "apes", Map.of("value", 7L, "contract", "SP1"),
                "punks", Map.of("value", 5L, "contract", "SP1"),
                "cats", Map.of("value", 5L, "contract", "SP3")));
        assertThat(NftRanking.json(top).keySet()).containsExactly("apes", "punks", "cats");
        assertThatThrownBy(() -> TopByHolders.top(List.of(new TopByHolders.CollectionHolders(List.of("SP1punks"), 1))))
                .isInstanceOf(NftCollection.MalformedAssetIdentifier.class);
        assertThatThrownBy(() -> TopByHolders.top(List.of(new TopByHolders.CollectionHolders(List.of("SP1.a::x", "SP2.a::x"), 1))))
                .hasMessageContaining("different contracts");
    }
}
