package io.stacksdataverse.host.bench;

import io.stacksdataverse.transform.UtcDays;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables of the synthetic chain that only the half-hourly group reads, at mainnet-like
 * proportions, with set-based SQL and every pseudo-random choice a hash of the row's position.
 * Tenure t sits at burn height F + 1 + t (mainnet's PoX constants F = 666050, L = 2100, prepare
 * phase 100: burn heights F + cL + 1 … F + cL + 2000 are cycle c's reward phase, the last 100 its
 * prepare phase).
 *
 * <ul>
 * <li>{@code burn_block_pox_txs}: 3–8 block commits per burn block, the tenure-start block's
 * {@code miner_txid} (the winner) among them; in the reward phase each commit pays the block's two
 * PoX recipients (outputs 1 and 2), in the prepare phase it burns (one output to the burn address).
 * 1 in 211 burn blocks also has a forked, non-canonical sibling with two commits.</li>
 * <li>{@code burnchain_rewards}: per reward-phase burn block (and its forked sibling), one payout
 * row per PoX recipient, the sum of what the commits paid it; none in the prepare phase.</li>
 * <li>{@code pox4_events}: a few thousand stackers (one per 40 principals, at most 5,000), each
 * stacking again every 14 cycles: {@code stack-stx} (1 in 3) or {@code delegate-stack-stx} for 1–6
 * cycles in a reward phase, in the next cycle 1 in 2 a {@code stack-extend} by 1–6 cycles and 1 in
 * 3 a {@code stack-increase} by half, and a {@code handle-unlock} at the unlock height; 1 in 40
 * first calls also in a non-canonical fork. The delegated stackers' pools: 40, the first holding
 * about half of them (pool ⌊40·u⁵⌋ for a uniform u), then a long tail.</li>
 * <li>{@code pox_cycles} and {@code pox_sets}: per cycle c ≥ 1, the reward set stored in the block
 * at burn height F + cL (the end of the prepare phase before it): the sum of the locks of cycle c,
 * 20–49 signers sharing it, the threshold (the total over 4,000 slots, rounded up to 10,000 STX);
 * 1 in 5 cycles also a non-canonical row.</li>
 * <li>{@code mempool_txs}: 3,000 unpruned token transfers received in the chain's last two hours and
 * 30,000 pruned ones of its last three days.</li>
 * <li>{@code chain_tip}: {@code tx_count} the canonical transactions, {@code burn_block_height} the
 * tip's, {@code mempool_tx_count} the unpruned mempool rows, {@code microblock_count}.</li>
 * </ul>
 */
final class HalfHourlyTables {
    static final String BURN_ADDRESS = "1111111111111111111114oLvT2";
    static final int MEMPOOL_UNPRUNED = 3_000;
    static final int MEMPOOL_PRUNED = 30_000;
    /** A stacker's rounds start 14 cycles apart: a lock of at most 6 + 6 cycles ends before the next. */
    static final int ROUND_CYCLES = 14;
    private static final long F = SyntheticChain.POX_FIRST_BURN_HEIGHT;
    private static final long L = SyntheticChain.POX_CYCLE_LENGTH;
    private static final long P = SyntheticChain.POX_PREPARE_LENGTH;
    private static final String HASH = "decode(lpad(to_hex(%s), 64, '0'), 'hex')";

    private final SyntheticChain.Settings settings;
    private final long base;

    HalfHourlyTables(SyntheticChain.Settings settings, long base) {
        this.settings = settings;
        this.base = base;
    }

    static int stackers(int principals) {
        return Math.max(1, Math.min(5_000, principals / 40));
    }

    private static String hash(String x) {
        return HASH.formatted(x);
    }

    /** The PoX recipient paid by output {@code u} (1 or 2) of the burn block of tenure t: one of the cycle's 4,000 slots. */
    private String slot(String u) {
        return "'bc1qsynthpox' || lpad((abs(hashtext(((" + base + " + t - " + F + ") / " + L + ") || ':' || t || ':' || (" + u
                + ") || 'slot')::bigint) % 4000)::text, 4, '0')";
    }

    /** The commits and payouts of the burn blocks of days [fromDay, toDay). */
    void appendBurnBlocks(Statement st, int fromDay, int toDay) throws SQLException {
        long t0 = (long) fromDay * 144;
        long t1 = (long) toDay * 144 - 1;
        int k = settings.tenureBlocks();
        String reward = "((" + base + " + t - " + F + ") % " + L + ") BETWEEN 1 AND " + (L - P);
        String commit = "CASE WHEN m = 0 THEN " + hash("t * " + k + " + 1 + 8000000000") + " ELSE " + hash("t * 16 + m + 20000000000") + " END";
        String amount = "1000 + abs(hashtext(t || ':' || m || 'cm')::bigint) % 30000";
        String outputs = " CROSS JOIN LATERAL generate_series(1, CASE WHEN " + reward + " THEN 2 ELSE 1 END) u";
        String recipient = "CASE WHEN " + reward + " THEN " + slot("u") + " ELSE '" + BURN_ADDRESS + "' END";
        st.execute("INSERT INTO burn_block_pox_txs (burn_block_height, burn_block_hash, tx_id, recipient, utxo_idx, amount, canonical)"
                + " SELECT " + base + " + t, " + hash("t + 13000000000") + ", " + commit + ", " + recipient + ", u, " + amount + ", true"
                + " FROM generate_series(" + t0 + ", " + t1 + ") t"
                + " CROSS JOIN LATERAL generate_series(0, 2 + abs(hashtext(t || 'mn')::bigint) % 6) m" + outputs
                + " UNION ALL SELECT " + base + " + t, " + hash("t + 14000000000") + ", " + hash("t * 16 + m + 24000000000") + ", "
                + recipient + ", u, " + amount + ", false"
                + " FROM generate_series(" + t0 + ", " + t1 + ") t CROSS JOIN generate_series(0, 1) m" + outputs + " WHERE t % 211 = 0");
        st.execute("INSERT INTO burnchain_rewards (canonical, burn_block_hash, burn_block_height, burn_amount, reward_recipient,"
                + " reward_amount, reward_index)"
                + " SELECT canonical, burn_block_hash, burn_block_height, 0, recipient, sum(amount), utxo_idx - 1 FROM burn_block_pox_txs"
                + " WHERE burn_block_height BETWEEN " + (base + t0) + " AND " + (base + t1) + " AND recipient <> '" + BURN_ADDRESS + "'"
                + " GROUP BY canonical, burn_block_hash, burn_block_height, recipient, utxo_idx"
                + " ORDER BY burn_block_height, canonical DESC, utxo_idx");
    }

    /** The stackers' events, the reward sets and the mempool of the whole chain (made once, with the chain). */
    void createStackingAndMempool(Statement st) throws SQLException {
        int k = settings.tenureBlocks();
        long lastHeight = settings.lastHeight(settings.days());
        long tenures = (long) settings.days() * 144;
        long lastBurn = base + tenures - 1;
        long cycles = Math.floorDiv(lastBurn - F, L);
        int stackers = stackers(settings.principals());
        long rounds = cycles / ROUND_CYCLES + 1;
        int step = Math.max(1, settings.principals() / stackers);
        String key = "s || ':' || r || ";
        st.execute("CREATE TEMP TABLE synthetic_rounds AS SELECT s, r, 'SP' || (s * " + step + ") AS stacker,"
                + " CASE WHEN abs(hashtext(" + key + "'solo')::bigint) % 3 = 0 THEN NULL ELSE 'SPPOOL' || floor(40 * power((abs(hashtext(s || 'pool')::bigint) % 1000000) / 1000000.0, 5))::int END AS delegator,"
                + " (100000 + abs(hashtext(" + key + "'amt')::bigint) % 4900000) * 1000000 AS amount,"
                + " abs(hashtext(s || 'c0')::bigint) % " + ROUND_CYCLES + " + " + ROUND_CYCLES + " * r AS c0,"
                + " 1 + abs(hashtext(" + key + "'p')::bigint) % 6 AS p,"
                + " CASE WHEN abs(hashtext(" + key + "'x')::bigint) % 2 = 0 THEN 1 + abs(hashtext(" + key + "'xp')::bigint) % 6 ELSE 0 END AS px,"
                + " abs(hashtext(" + key + "'i')::bigint) % 3 = 0 AS increased,"
                + " 1 + abs(hashtext(" + key + "'o1')::bigint) % " + (L - P) + " AS o1,"
                + " 1 + abs(hashtext(" + key + "'o2')::bigint) % 1000 AS o2,"
                + " 1001 + abs(hashtext(" + key + "'o3')::bigint) % 1000 AS o3"
                + " FROM generate_series(0, " + (stackers - 1) + ") s CROSS JOIN generate_series(0, " + (rounds - 1) + ") r");
        // The Stacks height of an event at burn height bb: a block of that burn block's tenure.
        String height = "((bb - " + base + ") * " + k + " + 1 + abs(hashtext(s || ':' || r || ':' || kind)::bigint) % " + k + ")";
        String u0 = F + " + (c0 + 1 + p) * " + L;
        String uf = F + " + (c0 + 1 + p + px) * " + L;
        String solo = "delegator IS NULL";
        st.execute("CREATE TEMP TABLE synthetic_pox4 AS SELECT *, " + height + " AS x FROM ("
                // the first call: the state before it holds no lock
                + " SELECT s, r, 0 AS kind, " + F + " + c0 * " + L + " + o1 AS bb, CASE WHEN " + solo
                + " THEN 'stack-stx' ELSE 'delegate-stack-stx' END AS name, 0::bigint AS locked, 0::bigint AS before_unlock,"
                + " amount AS lock_amount, (" + u0 + ")::bigint AS unlock_burn_height, NULL::bigint AS total_locked, stacker, delegator,"
                + " amount * 2 AS balance FROM synthetic_rounds"
                + " UNION ALL SELECT s, r, 1, " + F + " + (c0 + 1) * " + L + " + o2, CASE WHEN " + solo
                + " THEN 'stack-extend' ELSE 'delegate-stack-extend' END, amount, " + u0 + ", NULL, " + uf + ", NULL, stacker, delegator,"
                + " amount FROM synthetic_rounds WHERE px > 0"
                + " UNION ALL SELECT s, r, 2, " + F + " + (c0 + 1) * " + L + " + o3, CASE WHEN " + solo
                + " THEN 'stack-increase' ELSE 'delegate-stack-increase' END, amount, " + uf + ", NULL, NULL, amount * 3 / 2, stacker,"
                + " delegator, amount FROM synthetic_rounds WHERE increased"
                + " UNION ALL SELECT s, r, 3, " + uf + ", 'handle-unlock', CASE WHEN increased THEN amount * 3 / 2 ELSE amount END, " + uf
                + ", NULL, NULL, NULL, stacker, NULL, amount * 2 FROM synthetic_rounds) e");
        st.execute("DELETE FROM synthetic_pox4 WHERE x < 1 OR x > " + lastHeight);
        String cols = "event_index, tx_id, tx_index, block_height, index_block_hash, parent_index_block_hash, microblock_hash,"
                + " microblock_sequence, microblock_canonical, canonical, stacker, locked, balance, burnchain_unlock_height, name,"
                + " lock_amount, unlock_burn_height, delegator, total_locked";
        String values = "x, %s, %s, ''::bytea, 2147483647, true, %s, stacker, locked, balance, before_unlock, name, lock_amount,"
                + " unlock_burn_height, delegator, total_locked";
        st.execute("INSERT INTO pox4_events (" + cols + ")"
                + " SELECT kind, " + hash("s * 1000 + r * 10 + kind + 30000000000") + ", 1 + s % 4, "
                + values.formatted(hash("x"), hash("x - 1"), "true")
                + " FROM synthetic_pox4"
                + " UNION ALL SELECT kind, " + hash("s * 1000 + r * 10 + kind + 34000000000") + ", 1 + s % 4, "
                + values.formatted(hash("x + 2000000000"), hash("x - 1"), "false")
                + " FROM synthetic_pox4 WHERE kind = 0 AND s % 40 = 0"
                + " ORDER BY 4, 3, 1");
        // A lock holds cycles c0 + 1 … c0 + p + px; an increase counts from the cycle after its call on.
        st.execute("CREATE TEMP TABLE synthetic_cycles AS SELECT c, (" + F + " + c * " + L + " - " + base + ") * " + k + " + 1 AS x,"
                + " coalesce(sum(CASE WHEN r.increased AND c >= r.c0 + 2 THEN r.amount * 3 / 2 ELSE r.amount END), 0)::numeric AS total,"
                + " 20 + c % 30 AS signers"
                + " FROM generate_series(1, " + cycles + ") c LEFT JOIN (SELECT r.* FROM synthetic_rounds r"
                + "   JOIN synthetic_pox4 e ON e.s = r.s AND e.r = r.r AND e.kind = 0) r ON c BETWEEN r.c0 + 1 AND r.c0 + r.p + r.px"
                + " GROUP BY c");
        st.execute("CREATE TEMP TABLE synthetic_signers AS SELECT c, g, 1 + abs(hashtext(c || ':' || g || 'w')::bigint) % 50 AS w"
                + " FROM synthetic_cycles CROSS JOIN LATERAL generate_series(0, signers - 1) g");
        st.execute("INSERT INTO pox_cycles (block_height, index_block_hash, parent_index_block_hash, cycle_number, canonical, total_weight,"
                + " total_stacked_amount, total_signers)"
                + " SELECT x, " + hash("x") + ", " + hash("x - 1") + ", c.c, true, (SELECT sum(w) FROM synthetic_signers g WHERE g.c = c.c),"
                + " total, signers FROM synthetic_cycles c"
                + " UNION ALL SELECT x, " + hash("x + 2000000000") + ", " + hash("x - 1") + ", c.c, false, 1, total * 2, 1"
                + " FROM synthetic_cycles c WHERE c.c % 5 = 0 ORDER BY 4, 5 DESC");
        st.execute("INSERT INTO pox_sets (block_height, index_block_hash, parent_index_block_hash, cycle_number, pox_ustx_threshold,"
                + " canonical, signing_key, weight, stacked_amount, weight_percent, stacked_amount_percent, total_weight,"
                + " total_stacked_amount)"
                + " SELECT c.x, " + hash("c.x") + ", " + hash("c.x - 1") + ", c.c,"
                + " greatest(1, ceil(c.total / 4000 / 10000000000)) * 10000000000, true, " + hash("c.c * 100 + g.g + 50000000000")
                + ", g.w, floor(c.total * g.w / t.w), 100.0 * g.w / t.w, 100.0 * g.w / t.w, t.w, c.total"
                + " FROM synthetic_cycles c JOIN synthetic_signers g ON g.c = c.c"
                + " JOIN (SELECT c, sum(w) AS w FROM synthetic_signers GROUP BY c) t ON t.c = c.c ORDER BY c.c, g.g");
        st.execute("DROP TABLE synthetic_signers, synthetic_cycles, synthetic_pox4, synthetic_rounds");
        long end = UtcDays.S0 + (long) settings.days() * UtcDays.DAY_SECONDS;
        int pool = settings.principals();
        st.execute("INSERT INTO mempool_txs (pruned, tx_id, type_id, anchor_mode, status, post_conditions, nonce, fee_rate, sponsored,"
                + " sender_address, origin_hash_mode, raw_tx, receipt_time, receipt_block_height, token_transfer_recipient_address,"
                + " token_transfer_amount, token_transfer_memo)"
                + " SELECT n >= " + MEMPOOL_UNPRUNED + ", " + hash("n + 40000000000") + ", 0, 3, CASE WHEN n >= " + MEMPOOL_UNPRUNED
                + " THEN 1 ELSE 0 END, decode('0100000000', 'hex'), n / " + pool + ", 180 + abs(hashtext(n || 'mf')::bigint) % 1000,"
                + " false, 'SP' || abs(hashtext(n || 'ms')::bigint) % " + pool + ", 0,"
                + " decode(repeat('00', 180 + n % 120), 'hex'), rt, greatest(1, " + lastHeight + " - (" + end + " - rt) * " + k + " / 600),"
                + " 'SP' || abs(hashtext(n || 'mr')::bigint) % " + pool + ", 1 + abs(hashtext(n || 'ma')::bigint) % 2000000000, ''::bytea"
                + " FROM generate_series(0, " + (MEMPOOL_UNPRUNED + MEMPOOL_PRUNED - 1) + ") n,"
                + " LATERAL (SELECT " + end + " - 1 - CASE WHEN n < " + MEMPOOL_UNPRUNED + " THEN n % 7200"
                + " ELSE abs(hashtext(n || 'mt')::bigint) % " + 3 * UtcDays.DAY_SECONDS + " END AS rt) r");
    }

    /** {@code chain_tip}'s counters as the API keeps them. */
    static void refreshTipCounters(Statement st) throws SQLException {
        st.execute("UPDATE chain_tip SET tx_count = (SELECT count(*) FROM txs WHERE canonical AND microblock_canonical),"
                + " tx_count_unanchored = (SELECT count(*) FROM txs WHERE canonical AND microblock_canonical),"
                + " burn_block_height = (SELECT burn_block_height FROM blocks WHERE canonical ORDER BY block_height DESC LIMIT 1),"
                + " block_hash = (SELECT block_hash FROM blocks WHERE canonical ORDER BY block_height DESC LIMIT 1),"
                + " microblock_count = (SELECT count(*) FROM microblocks WHERE canonical AND microblock_canonical),"
                + " mempool_tx_count = (SELECT count(*) FROM mempool_txs WHERE NOT pruned)");
    }
}
