package io.stacksdataverse.runners.nft;

import io.stacksdataverse.extract.stacks.db.nft.NftTradeQueries.Candidate;
import io.stacksdataverse.transform.nft.NftTradeVolume;
import java.util.HexFormat;

/** Catalog #37's trade rule applied to the candidates the chain query returns. */
final class NftTrades {
    private NftTrades() {
    }

    /** The candidate's volume in µSTX (0: not a trade). */
    static long volume(Candidate c) {
        return NftTradeVolume.microStx(c.stx().stream()
                .map(s -> new NftTradeVolume.Transfer(s.sender(), s.recipient(), s.amount())).toList());
    }

    /** Names the row of the candidate's first NFT transfer, for an error. */
    static String describeNftRow(String dataset, Candidate c) {
        HexFormat hex = HexFormat.of();
        return dataset + ": nft_events row of tx 0x" + hex.formatHex(c.txId()) + ", event_index " + c.nftEventIndex()
                + ", in block " + c.blockHeight() + " (0x" + hex.formatHex(c.indexBlockHash()) + ")";
    }
}
