package io.stacksdataverse.extract.stacks.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Builds small Stacks API databases by hand for tests: blocks (canonical or orphaned), their
 * transactions (in the anchor block or a microblock, canonical or not), STX events, microblocks.
 * Hashes are derived from readable names so assertions can name blocks. Its statements share one
 * connection (opening one per statement costs more than the statement), which {@link #close} ends.
 */
public final class ChainBuilder implements AutoCloseable {
    private final DataSource db;
    private Connection connection;

    private ChainBuilder(DataSource db) {
        this.db = db;
    }

    /** Creates the schema subset in an empty database. */
    public static ChainBuilder create(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(StacksDb.subsetDdl());
        }
        return new ChainBuilder(db);
    }

    public static byte[] hash(String name) {
        byte[] h = new byte[32];
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        System.arraycopy(n, 0, h, 0, Math.min(n.length, 32));
        return h;
    }

    public DataSource dataSource() {
        return db;
    }

    /** A block; {@code blockTime} is the Stacks block's own time (equal to the burn time before Nakamoto). */
    public ChainBuilder block(String name, String parent, int height, long burnTime, long blockTime, int burnHeight,
                              boolean canonical) throws SQLException {
        exec("INSERT INTO blocks (index_block_hash, block_hash, block_height, burn_block_time, burn_block_height, miner_txid,"
                        + " parent_index_block_hash, canonical, block_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                hash(name), hash("bh-" + name), height, (int) burnTime, burnHeight, hash("miner-" + name),
                hash(parent), canonical, (int) blockTime);
        return this;
    }

    /** A transaction of block {@code block}; {@code microblockCanonical = false} marks an orphaned microblock's. */
    public ChainBuilder tx(String txName, String block, int height, long burnTime, int txIndex, boolean canonical,
                           boolean microblockCanonical, String sender, long fee) throws SQLException {
        exec("INSERT INTO txs (tx_id, tx_index, index_block_hash, block_hash, block_height, burn_block_time, burn_block_height,"
                        + " type_id, status, canonical, microblock_canonical, microblock_sequence, microblock_hash, fee_rate,"
                        + " sponsored, sender_address, block_time) VALUES (?, ?, ?, ?, ?, ?, 0, 0, 1, ?, ?, 2147483647, ?, ?, false, ?, ?)",
                hash(txName), (short) txIndex, hash(block), hash("bh-" + block), height, (int) burnTime, canonical,
                microblockCanonical, new byte[0], fee, sender, (int) burnTime);
        return this;
    }

    /** An STX event: type 1 transfer, 2 mint, 3 burn. */
    public ChainBuilder stxEvent(String txName, String block, int height, int eventIndex, int type, long amount, String sender,
                                 String recipient, boolean canonical, boolean microblockCanonical) throws SQLException {
        exec("INSERT INTO stx_events (event_index, tx_id, tx_index, block_height, index_block_hash, microblock_hash,"
                        + " microblock_sequence, microblock_canonical, canonical, asset_event_type_id, amount, sender, recipient)"
                        + " VALUES (?, ?, 0, ?, ?, ?, 2147483647, ?, ?, ?, ?, ?, ?)",
                eventIndex, hash(txName), height, hash(block), new byte[0], microblockCanonical, canonical, (short) type, amount,
                sender, recipient);
        return this;
    }

    public ChainBuilder microblock(String name, String anchor, int height, int sequence, long parentBurnTime, boolean canonical,
                                   boolean microblockCanonical) throws SQLException {
        exec("INSERT INTO microblocks (canonical, microblock_canonical, microblock_hash, microblock_sequence, index_block_hash,"
                        + " block_height, parent_burn_block_time) VALUES (?, ?, ?, ?, ?, ?, ?)",
                canonical, microblockCanonical, hash(name), sequence, hash(anchor), height, (int) parentBurnTime);
        return this;
    }

    /** A transaction whose fee a sponsor pays. */
    public ChainBuilder sponsoredTx(String txName, String block, int height, long burnTime, int txIndex, String sender,
                                    String sponsor, long fee) throws SQLException {
        exec("INSERT INTO txs (tx_id, tx_index, index_block_hash, block_hash, block_height, burn_block_time, burn_block_height,"
                        + " type_id, status, canonical, microblock_canonical, microblock_sequence, microblock_hash, fee_rate,"
                        + " sponsored, sponsor_address, sender_address, block_time)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 0, 0, 1, true, true, 2147483647, ?, ?, true, ?, ?, ?)",
                hash(txName), (short) txIndex, hash(block), hash("bh-" + block), height, (int) burnTime, new byte[0], fee, sponsor,
                sender, (int) burnTime);
        return this;
    }

    /** A miner reward that matures in block {@code maturingBlock}. */
    public ChainBuilder minerReward(String maturingBlock, String fromBlock, int matureHeight, String recipient, long coinbase,
                                    long feesAnchored, boolean canonical) throws SQLException {
        exec("INSERT INTO miner_rewards (index_block_hash, from_index_block_hash, mature_block_height, canonical, recipient,"
                        + " coinbase_amount, tx_fees_anchored, tx_fees_streamed_confirmed, tx_fees_streamed_produced)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)",
                hash(maturingBlock), hash(fromBlock), matureHeight, canonical, recipient, java.math.BigDecimal.valueOf(coinbase),
                java.math.BigDecimal.valueOf(feesAnchored));
        return this;
    }

    /** The API's running STX balance of a principal ({@code ft_balances}, token {@code stx}). */
    public ChainBuilder ftBalance(String address, long microStx) throws SQLException {
        exec("INSERT INTO ft_balances (address, token, balance) VALUES (?, 'stx', ?)", address,
                java.math.BigDecimal.valueOf(microStx));
        return this;
    }

    /**
     * A transaction of any type in block {@code block} (canonical, anchored): {@code typeId} 0 is a
     * token transfer (then {@code amount} and {@code recipient} are its transfer), 4, 5 and 8 are
     * coinbases. {@code microblockSequence} orders it inside the block after {@code txIndex}.
     */
    public ChainBuilder typedTx(String txName, String block, int height, long burnTime, int burnHeight, int txIndex,
                                int microblockSequence, int typeId, String sender, long fee, Long amount, String recipient,
                                boolean canonical) throws SQLException {
        exec("INSERT INTO txs (tx_id, tx_index, index_block_hash, block_hash, block_height, burn_block_time, burn_block_height,"
                        + " type_id, status, canonical, microblock_canonical, microblock_sequence, microblock_hash, fee_rate,"
                        + " sponsored, sender_address, block_time, token_transfer_amount, token_transfer_recipient_address)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, true, ?, ?, ?, false, ?, ?, ?, ?)",
                hash(txName), (short) txIndex, hash(block), hash("bh-" + block), height, (int) burnTime, burnHeight,
                (short) typeId, canonical, microblockSequence, new byte[0], fee, sender, (int) burnTime, amount, recipient);
        return this;
    }

    /** A PoX payout of burn block {@code burnHeight} ({@code burnAmount} repeats on every row of the block). */
    public ChainBuilder burnchainReward(int burnHeight, String recipient, long rewardSats, long burnSats, int index,
                                        boolean canonical) throws SQLException {
        exec("INSERT INTO burnchain_rewards (canonical, burn_block_hash, burn_block_height, burn_amount, reward_recipient,"
                        + " reward_amount, reward_index) VALUES (?, ?, ?, ?, ?, ?, ?)",
                canonical, hash("burn-" + burnHeight), burnHeight, java.math.BigDecimal.valueOf(burnSats), recipient,
                java.math.BigDecimal.valueOf(rewardSats), index);
        return this;
    }

    /** An output of a block-commit transaction {@code commitTx} (a miner's) paying a PoX recipient in burn block {@code burnHeight}. */
    public ChainBuilder burnBlockPoxTx(int burnHeight, byte[] commitTx, String recipient, int utxo, long sats, boolean canonical)
            throws SQLException {
        exec("INSERT INTO burn_block_pox_txs (burn_block_height, burn_block_hash, tx_id, recipient, utxo_idx, amount, canonical)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                burnHeight, hash("burn-" + burnHeight), commitTx, recipient, utxo, java.math.BigDecimal.valueOf(sats), canonical);
        return this;
    }

    /** The miner's commit transaction of block {@code block}, as {@code blocks.miner_txid} holds it. */
    public static byte[] minerTxid(String block) {
        return hash("miner-" + block);
    }

    /** A {@code pox_cycles} row: the reward set of {@code cycle}, stored in block {@code block}. */
    public ChainBuilder poxCycle(int cycle, String block, int height, long totalStackedUstx, boolean canonical) throws SQLException {
        exec("INSERT INTO pox_cycles (block_height, index_block_hash, parent_index_block_hash, cycle_number, canonical, total_weight,"
                        + " total_stacked_amount, total_signers) VALUES (?, ?, ?, ?, ?, 1, ?, 1)",
                height, hash(block), hash("parent-" + block), cycle, canonical, java.math.BigDecimal.valueOf(totalStackedUstx));
        return this;
    }

    /** A {@code pox_sets} row of {@code cycle} with its stacking threshold. */
    public ChainBuilder poxSet(int cycle, String block, int height, long thresholdUstx, String signer, boolean canonical)
            throws SQLException {
        exec("INSERT INTO pox_sets (block_height, index_block_hash, parent_index_block_hash, cycle_number, pox_ustx_threshold,"
                        + " canonical, signing_key, weight, stacked_amount, weight_percent, stacked_amount_percent, total_weight,"
                        + " total_stacked_amount) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 0, 100, 100, 1, 0)",
                height, hash(block), hash("parent-" + block), cycle, java.math.BigDecimal.valueOf(thresholdUstx), canonical,
                hash("signer-" + signer));
        return this;
    }

    /**
     * A pox-4 event. The base columns ({@code locked}, {@code burnchainUnlockHeight}) are the
     * stacker's state before the call; {@code lockAmount}, {@code unlockBurnHeight},
     * {@code totalLocked} and {@code delegator} are the call's own (null where the call has none).
     */
    public ChainBuilder pox4Event(String txName, String block, int height, int txIndex, int eventIndex, String name, String stacker,
                                  long locked, long burnchainUnlockHeight, Long lockAmount, Long unlockBurnHeight, Long totalLocked,
                                  String delegator, boolean canonical, boolean microblockCanonical) throws SQLException {
        exec("INSERT INTO pox4_events (event_index, tx_id, tx_index, block_height, index_block_hash, parent_index_block_hash,"
                        + " microblock_hash, microblock_sequence, microblock_canonical, canonical, stacker, locked, balance,"
                        + " burnchain_unlock_height, name, lock_amount, unlock_burn_height, delegator, total_locked)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, 2147483647, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)",
                eventIndex, hash(txName), (short) txIndex, height, hash(block), hash("parent-" + block), new byte[0],
                microblockCanonical, canonical, stacker, java.math.BigDecimal.valueOf(locked), burnchainUnlockHeight, name,
                decimal(lockAmount), decimal(unlockBurnHeight), delegator, decimal(totalLocked));
        return this;
    }

    /**
     * An NFT event: type 1 transfer, 2 mint, 3 burn, of token {@code value} (a Clarity value, see
     * {@link #uint}) of {@code assetIdentifier} ({@code <deployer>.<contract>::<asset>}).
     */
    public ChainBuilder nftEvent(String txName, String block, int height, int txIndex, int eventIndex, int type, String assetIdentifier,
                                 byte[] value, String sender, String recipient, boolean canonical, boolean microblockCanonical)
            throws SQLException {
        exec("INSERT INTO nft_events (event_index, tx_id, tx_index, block_height, index_block_hash, parent_index_block_hash,"
                        + " microblock_hash, microblock_sequence, microblock_canonical, canonical, asset_event_type_id,"
                        + " asset_identifier, value, sender, recipient) VALUES (?, ?, ?, ?, ?, ?, ?, 2147483647, ?, ?, ?, ?, ?, ?, ?)",
                eventIndex, hash(txName), (short) txIndex, height, hash(block), hash("parent-" + block), new byte[0],
                microblockCanonical, canonical, (short) type, assetIdentifier, value, sender, recipient);
        return this;
    }

    /** The token's row of {@code nft_custody}, as the API keeps it: its latest event, orphaned or not (replaces an older row). */
    public ChainBuilder nftCustody(String assetIdentifier, byte[] value, String recipient, String txName, String block, int height,
                                   int txIndex, int eventIndex) throws SQLException {
        exec("INSERT INTO nft_custody (asset_identifier, value, recipient, block_height, index_block_hash, parent_index_block_hash,"
                        + " microblock_hash, microblock_sequence, tx_id, tx_index, event_index) VALUES (?, ?, ?, ?, ?, ?, ?, 2147483647, ?, ?, ?)"
                        + " ON CONFLICT (asset_identifier, value) DO UPDATE SET recipient = excluded.recipient,"
                        + " block_height = excluded.block_height, index_block_hash = excluded.index_block_hash,"
                        + " parent_index_block_hash = excluded.parent_index_block_hash, tx_id = excluded.tx_id,"
                        + " tx_index = excluded.tx_index, event_index = excluded.event_index",
                assetIdentifier, value, recipient, height, hash(block), hash("parent-" + block), new byte[0], hash(txName),
                (short) txIndex, eventIndex);
        return this;
    }

    /** A Clarity {@code uint} as the API stores token ids: type byte 0x01, then 16 bytes big-endian. */
    public static byte[] uint(long n) {
        byte[] out = new byte[17];
        out[0] = 1;
        for (int i = 0; i < 8; i++) {
            out[16 - i] = (byte) (n >>> (8 * i));
        }
        return out;
    }

    private static java.math.BigDecimal decimal(Long v) {
        return v == null ? null : java.math.BigDecimal.valueOf(v);
    }

    /** Sets {@code chain_tip}'s counters as the API keeps them. */
    public ChainBuilder tipCounters(int height, int burnHeight, String block, long txCount, long mempoolTxCount) throws SQLException {
        exec("UPDATE chain_tip SET block_height = ?, burn_block_height = ?, index_block_hash = ?, tx_count = ?, mempool_tx_count = ?",
                height, burnHeight, hash(block), (int) txCount, (int) mempoolTxCount);
        return this;
    }

    public ChainBuilder setCanonical(String block, boolean canonical) throws SQLException {
        exec("UPDATE blocks SET canonical = ? WHERE index_block_hash = ?", canonical, hash(block));
        exec("UPDATE txs SET canonical = ? WHERE index_block_hash = ?", canonical, hash(block));
        exec("UPDATE stx_events SET canonical = ? WHERE index_block_hash = ?", canonical, hash(block));
        exec("UPDATE pox4_events SET canonical = ? WHERE index_block_hash = ?", canonical, hash(block));
        exec("UPDATE nft_events SET canonical = ? WHERE index_block_hash = ?", canonical, hash(block));
        exec("UPDATE pox_cycles SET canonical = ? WHERE index_block_hash = ?", canonical, hash(block));
        return this;
    }

    public ChainBuilder tip(int height) throws SQLException {
        exec("UPDATE chain_tip SET block_height = ?", height);
        return this;
    }

    public void exec(String sql, Object... args) throws SQLException {
        if (connection == null) {
            connection = db.getConnection();
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
