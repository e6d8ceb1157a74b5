package io.stacksdataverse.transform.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.transform.nft.NftTradeVolume.Transfer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NftTradesTest {
    private static final String BUYER = "SPBUYER";
    private static final String SELLER = "SPSELLER";
    private static final String MARKET = "SPMARKET.market-v1";

    @Test
    void aDirectPaymentSplitIntoPriceRoyaltyAndCommissionCountsOnce() {
        long v = NftTradeVolume.microStx(List.of(new Transfer(BUYER, SELLER, 90_000_000), new Transfer(BUYER, "SPARTIST", 7_500_000),
                new Transfer(BUYER, "SPFEES", 2_500_000)));
        assertThat(v).isEqualTo(100_000_000);
    }

    @Test
    void stxRoutedThroughAnEscrowContractCountsOnce() {
        // buyer → contract (100), contract → seller (95), contract → royalty (5): a plain Σ would give 200
        long v = NftTradeVolume.microStx(List.of(new Transfer(BUYER, MARKET, 100_000_000), new Transfer(MARKET, SELLER, 95_000_000),
                new Transfer(MARKET, "SPARTIST", 5_000_000)));
        assertThat(v).isEqualTo(100_000_000);
    }

    @Test
    void anAcceptedBidPaidOutOfEscrowIsTheContractsOutflow() {
        // the bidder's STX sat in the contract since an earlier transaction: only the payout moves now
        long v = NftTradeVolume.microStx(List.of(new Transfer(MARKET, SELLER, 48_000_000), new Transfer(MARKET, "SPFEES", 2_000_000)));
        assertThat(v).isEqualTo(50_000_000);
    }

    @Test
    void aRoundTripNetsToZeroAndIsNotATrade() {
        assertThat(NftTradeVolume.microStx(List.of(new Transfer(BUYER, SELLER, 5), new Transfer(SELLER, BUYER, 5)))).isZero();
        assertThat(NftTradeVolume.microStx(List.of())).isZero();
        // a partial refund: only the net outflow counts
        assertThat(NftTradeVolume.microStx(List.of(new Transfer(BUYER, MARKET, 10), new Transfer(MARKET, BUYER, 3),
                new Transfer(MARKET, SELLER, 7)))).isEqualTo(7);
    }

    @Test
    void volumesStayExactIntegers() {
        long v = NftTradeVolume.microStx(List.of(new Transfer(BUYER, SELLER, 1), new Transfer(BUYER, SELLER, 2)));
        assertThat(v).isEqualTo(3);
        assertThat(NftVolumeSeries.perBlock(List.of(new NftVolumeSeries.BlockVolume(7, 0, 100_000_001)))
                .get("7").toPlainString()).isEqualTo("100.000001");
    }

    @Test
    void perBlockAndPerDayKeepPositiveValuesAscending() {
        long day = 1_717_200_000L;
        List<NftVolumeSeries.BlockVolume> blocks = List.of(new NftVolumeSeries.BlockVolume(12, day + 100, 2_000_000),
                new NftVolumeSeries.BlockVolume(9, day - 1, 500_000), new NftVolumeSeries.BlockVolume(100, day + 86_399, 1_500_000));
        assertThat(NftVolumeSeries.perBlock(blocks).keySet()).containsExactly("9", "12", "100");
        Map<String, ?> perDay = NftVolumeSeries.perDay(blocks);
        assertThat(perDay.keySet()).containsExactly(Long.toString(day - 86_400), Long.toString(day));
        assertThat(perDay.get(Long.toString(day)).toString()).isEqualTo("3.5");
    }

    @Test
    void topTenByVolumeThenContractIdWithUniqueNames() {
        List<NftTopTraded.Trade> trades = new ArrayList<>();
        // equal volumes: contract id ascending decides
        trades.add(trade("SPB.punks", 5_000_000));
        trades.add(trade("SPA.apes", 5_000_000));
        // same name, other deployer, lower: dropped; higher volume of the same name wins even from a later deployer
        trades.add(trade("SPZ.punks", 1_000_000));
        trades.add(trade("SPC.cats", 2_000_000));
        trades.add(trade("SPD.cats", 3_000_000));
        // two trades of one collection add up
        trades.add(trade("SPE.dogs", 1_000_000));
        trades.add(trade("SPE.dogs", 1_500_000));
        for (int i = 0; i < 9; i++) {
            trades.add(trade("SPF.c" + i, 100_000 + i));
        }
        Map<String, Map<String, Object>> top = NftTopTraded.top(trades);
        assertThat(top.keySet()).containsExactly("apes", "punks", "cats", "dogs", "c8", "c7", "c6", "c5", "c4", "c3");
        assertThat(top.get("punks")).containsEntry("contract", "SPB");
        assertThat(top.get("cats")).containsEntry("contract", "SPD");
        assertThat(top.get("dogs").get("value").toString()).isEqualTo("2.5");
        assertThat(top.get("apes").keySet()).containsExactly("value", "contract");
    }

    private static NftTopTraded.Trade trade(String contract, long microStx) {
        return new NftTopTraded.Trade(NftCollection.ofAsset(contract + "::token"), microStx);
    }
}
