package io.stacksdataverse.host.bench;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * The NFT activity of the synthetic chain ({@code nft_events}, {@code nft_custody}), written on the
 * transactions it already has, with set-based SQL and every choice a hash of the transaction's
 * position, so it adds no STX event and changes no balance.
 *
 * <ul>
 * <li>1 in 16 non-coinbase transactions mints a token to its sender; 1 in 20 is a sale: its STX
 * transfer pays for a token that moves the other way (the seller is the transfer's recipient); 1 in
 * 400 burns one (its holder the transfer's recipient). A transaction of a forked block or an orphaned
 * microblock carries its events with the same flags.</li>
 * <li>400 collections, the first ones by far the busiest (collection ⌊400·u³⌋ for a uniform u), 350
 * deployers, and 300 contract names, so some names repeat across deployers.</li>
 * <li>A sale or burn takes a token minted at a lower height (the {@code n}-th mint, n a hash
 * below the number of mints before). Token ids are the minting transaction's position.</li>
 * <li>{@code nft_custody}: each token's latest canonical event, as the API keeps it.</li>
 * </ul>
 */
final class NftTables {
    static final int COLLECTIONS = 400;
    private static final String KIND = "abs(hashtext(t.block_height || ':' || t.tx_index || 'nft')::bigint) % 400";

    private NftTables() {
    }

    /** The collection's asset identifier, {@code SPDEPLOYER<d>.collection-<n>::token}, for collection expression {@code c}. */
    static String assetIdentifier(String c) {
        return "'SPDEPLOYER' || ((" + c + ") % 350) || '.collection-' || ((" + c + ") % 300) || '::token'";
    }

    /** The NFT events of the transactions at heights [first, last]. */
    static void appendHeights(Statement st, long first, long last) throws SQLException {
        String columns = "(event_index, tx_id, tx_index, block_height, index_block_hash, parent_index_block_hash, microblock_hash,"
                + " microblock_sequence, microblock_canonical, canonical, asset_event_type_id, asset_identifier, value, sender, recipient)";
        String event = "1, t.tx_id, t.tx_index, t.block_height, t.index_block_hash, b.parent_index_block_hash, ''::bytea, 2147483647,"
                + " t.microblock_canonical, t.canonical";
        String txs = " FROM txs t JOIN blocks b ON b.index_block_hash = t.index_block_hash";
        String range = " t.tx_index > 0 AND t.block_height BETWEEN " + first + " AND " + last;
        String collection = "floor(" + COLLECTIONS + " * power((abs(hashtext(t.block_height || ':' || t.tx_index || 'col')::bigint)"
                + " % 1000000) / 1000000.0, 3))::int";
        String tokenId = "'\\x01'::bytea || decode(lpad(to_hex(t.block_height * 1000 + t.tx_index), 32, '0'), 'hex')";
        // Mints (25 in 400), in height order so that the ids of a load's mints rise with the height.
        st.execute("INSERT INTO nft_events " + columns + " SELECT " + event + ", 2, " + assetIdentifier(collection) + ", " + tokenId
                + ", NULL, t.sender_address" + txs + " WHERE" + range + " AND " + KIND + " < 25 ORDER BY t.block_height, t.tx_index");
        // Sales (20 in 400) and burns (1 in 400), each of a token minted at a lower height.
        // The newest mint id below each height: a running maximum over the heights (one scan, no index needed).
        st.execute("CREATE TEMP TABLE synthetic_mints_before AS SELECT h AS block_height, coalesce(max(m.top) OVER (ORDER BY h"
                + " ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), (SELECT max(id) FROM nft_events WHERE asset_event_type_id = 2"
                + " AND block_height < " + first + ")) AS last_id FROM generate_series(" + first + ", " + last + ") h"
                + " LEFT JOIN (SELECT block_height, max(id) AS top FROM nft_events WHERE asset_event_type_id = 2 AND block_height BETWEEN "
                + first + " AND " + last + " GROUP BY block_height) m ON m.block_height = h");
        // The planner cannot estimate the hash filter below and may nest loops over this table: give it a key to look up.
        st.execute("ALTER TABLE synthetic_mints_before ADD PRIMARY KEY (block_height)");
        st.execute("ANALYZE txs, blocks, stx_events, nft_events, synthetic_mints_before");
        // The sales and burns with the id of the mint they take, then their events (a join on a plain column, planned well).
        st.execute("CREATE TEMP TABLE synthetic_moves AS SELECT t.tx_id, t.tx_index, t.block_height, t.index_block_hash,"
                + " b.parent_index_block_hash, t.microblock_canonical, t.canonical, CASE WHEN " + KIND + " < 45 THEN 1 ELSE 3 END AS type,"
                + " s.recipient AS holder, CASE WHEN " + KIND + " < 45 THEN t.sender_address END AS buyer,"
                + " 1 + abs(hashtext(t.block_height || ':' || t.tx_index || 'tok')::bigint) % mb.last_id AS mint_id" + txs
                + " JOIN synthetic_mints_before mb ON mb.block_height = t.block_height AND mb.last_id IS NOT NULL"
                + " JOIN stx_events s ON s.tx_id = t.tx_id AND s.index_block_hash = t.index_block_hash AND s.event_index = 0"
                + " WHERE" + range + " AND " + KIND + " BETWEEN 25 AND 45");
        st.execute("ANALYZE synthetic_moves");
        st.execute("INSERT INTO nft_events " + columns + " SELECT 1, v.tx_id, v.tx_index, v.block_height, v.index_block_hash,"
                + " v.parent_index_block_hash, ''::bytea, 2147483647, v.microblock_canonical, v.canonical, v.type, m.asset_identifier, m.value,"
                + " v.holder, v.buyer FROM synthetic_moves v JOIN nft_events m ON m.id = v.mint_id AND m.asset_event_type_id = 2"
                + " ORDER BY v.block_height, v.tx_index");
        st.execute("DROP TABLE synthetic_moves");
        st.execute("DROP TABLE synthetic_mints_before");
    }

    /** {@code nft_custody} from scratch: each token's latest canonical event (the recipient, null after a burn). */
    static void refreshCustody(Statement st) throws SQLException {
        st.execute("TRUNCATE nft_custody");
        st.execute("INSERT INTO nft_custody (asset_identifier, value, recipient, block_height, index_block_hash, parent_index_block_hash,"
                + " microblock_hash, microblock_sequence, tx_id, tx_index, event_index)"
                + " SELECT DISTINCT ON (asset_identifier, value) asset_identifier, value, recipient, block_height, index_block_hash,"
                + " parent_index_block_hash, microblock_hash, microblock_sequence, tx_id, tx_index, event_index FROM nft_events"
                + " WHERE canonical AND microblock_canonical"
                + " ORDER BY asset_identifier, value, block_height DESC, microblock_sequence DESC, tx_index DESC, event_index DESC");
    }
}
