package io.stacksdataverse.transform.nft;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Catalog #37's trade volume: the STX that left a transaction's payers. Over its canonical STX
 * transfers, Σ over principals p of max(0, sent(p) − received(p)), in exact µSTX. A direct payment
 * split into price, royalty and commission counts once; STX routed through an escrow contract
 * (buyer → contract → seller) counts once too, because the contract's receipt cancels its payment.
 */
public final class NftTradeVolume {
    /** One STX transfer: {@code amount} µSTX from {@code sender} to {@code recipient}. */
    public record Transfer(String sender, String recipient, long amount) {
    }

    private NftTradeVolume() {
    }

    /** The volume in µSTX; 0 means the transaction is not a trade. */
    public static long microStx(Collection<Transfer> transfers) {
        Map<String, Long> net = new HashMap<>();
        for (Transfer t : transfers) {
            if (t.amount() < 0) {
                throw new IllegalArgumentException("an STX transfer of a negative amount: " + t);
            }
            net.merge(t.sender(), t.amount(), Math::addExact);
            net.merge(t.recipient(), -t.amount(), Math::addExact);
        }
        long volume = 0;
        for (long n : net.values()) {
            if (n > 0) {
                volume = Math.addExact(volume, n);
            }
        }
        return volume;
    }
}
