package io.stacksdataverse.runners.nft;

import io.stacksdataverse.extract.stacks.db.ChainBuilder;
import java.sql.SQLException;

/**
 * Writes NFT sales into a hand-built chain: one transaction with an NFT transfer (event 0) and its STX
 * transfers (events 1, 2, …), all with the same canonical flags.
 */
final class NftSales {
    static final String BUYER = "SP1BUYER";
    static final String SELLER = "SP2SELLER";
    static final String ARTIST = "SP4ARTIST";
    static final String FEES = "SP5FEES";
    /** A marketplace contract that holds the buyer's STX in escrow. */
    static final String MARKET = "SP3MARKET.marketplace-v2";

    /** One STX transfer of a sale. */
    record Leg(String sender, String recipient, long microStx) {
    }

    private final ChainBuilder chain;
    private int tokenIds;

    NftSales(ChainBuilder chain) {
        this.chain = chain;
    }

    static Leg leg(String sender, String recipient, long microStx) {
        return new Leg(sender, recipient, microStx);
    }

    /** A canonical sale of a token of {@code asset} in block {@code block}. */
    NftSales sale(String tx, String block, int height, String asset, Leg... legs) throws SQLException {
        return sale(tx, block, height, asset, true, true, legs);
    }

    NftSales sale(String tx, String block, int height, String asset, boolean canonical, boolean microblockCanonical, Leg... legs)
            throws SQLException {
        chain.nftEvent(tx, block, height, 0, 0, 1, asset, ChainBuilder.uint(++tokenIds), SELLER, BUYER, canonical,
                microblockCanonical);
        stx(tx, block, height, 1, canonical, microblockCanonical, legs);
        return this;
    }

    /** STX transfers of {@code tx}, event indexes from {@code firstEvent} on. */
    NftSales stx(String tx, String block, int height, int firstEvent, boolean canonical, boolean microblockCanonical, Leg... legs)
            throws SQLException {
        int event = firstEvent;
        for (Leg l : legs) {
            chain.stxEvent(tx, block, height, event++, 1, l.microStx(), l.sender(), l.recipient(), canonical, microblockCanonical);
        }
        return this;
    }
}
