package io.stacksdataverse.host.bench;

import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.transform.UtcDays;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A deterministic synthetic Stacks API database for benchmarks, built with set-based SQL in the
 * API's schema subset. From S0 on: one Bitcoin block every 600 s; before Nakamoto one Stacks block
 * per Bitcoin block (144 a day), with {@code --nakamoto} a tenure of several Stacks blocks per
 * Bitcoin block, all sharing its {@code burn_block_time}, each with its own later {@code block_time}.
 * Every pseudo-random choice is a hash of the row's position, so the same parameters give the same
 * database. Mainnet-like ingredients: a coinbase transaction per block, token transfers between a
 * pool of principals (a few whales), fees paid by sender or sponsor, miner rewards maturing 100
 * blocks later, a forked sibling block every 97 heights (whose transactions duplicate the canonical
 * ones), transactions of orphaned microblocks, and {@code ft_balances} as the API maintains it.
 *
 * <p>Two models of the balances ({@link Balances}). {@link Balances#RANDOM_WALK}: every transfer
 * goes between two principals drawn at random, so each balance is a random walk and the set of
 * large holders grows with the length of the chain. {@link Balances#STATIONARY}: the holdings are
 * set at genesis (a few thousand large holders, as on mainnet) and every transfer is paid back a
 * week later, so the distribution of balances, and the number of large holders, stays the same
 * over the whole history.
 */
public final class SyntheticChain {
    /** How the generator moves STX between principals. */
    public enum Balances {
        /**
         * Genesis: 10,000,000 STX to each of the first 100 principals, 1,000 STX to every other one;
         * each transfer of 1–2,000 STX (1 in 5,000: 1,500,000 STX) between two random principals.
         */
        RANDOM_WALK,
        /**
         * Genesis: as {@link #RANDOM_WALK}, and 1 in 70 of the other principals gets 20,000–2,000,000
         * STX (log-uniform). Of the transfers of a block, those at even positions are drawn as in
         * {@link #RANDOM_WALK}; the one at the odd position before each pays back, from its recipient
         * to its sender, the same amount as the even transfer a week of blocks earlier (a week after
         * the start; before, it is drawn too), and sits in an orphaned microblock exactly when that
         * first leg does.
         */
        STATIONARY
    }

    /** Generator settings. */
    public record Settings(int days, int txsPerBlock, int principals, int tenureBlocks, Balances balances) {
        /** Settings with {@link Balances#RANDOM_WALK} balances. */
        public Settings(int days, int txsPerBlock, int principals, int tenureBlocks) {
            this(days, txsPerBlock, principals, tenureBlocks, Balances.RANDOM_WALK);
        }

        public int blocksPerDay() {
            return 144 * tenureBlocks;
        }

        /** How many blocks after a transfer its repayment comes ({@link Balances#STATIONARY}): a week. */
        public long repaymentLag() {
            return 7L * blocksPerDay();
        }

        public long lastHeight(int day) {
            return (long) day * blocksPerDay();
        }
    }

    /** Mainnet's PoX constants: F ({@code first_burnchain_block_height}), L (reward cycle length), the prepare phase. */
    public static final long POX_FIRST_BURN_HEIGHT = 666_050;
    public static final long POX_CYCLE_LENGTH = 2_100;
    public static final long POX_PREPARE_LENGTH = 100;
    /** Without the half-hourly tables: the burn height of the first tenure (the daily datasets never read it). */
    private static final long DAILY_BURN_BASE = 600_000;

    private final DataSource db;
    private final Settings settings;
    private final boolean halfHourly;

    public SyntheticChain(DataSource db, Settings settings) {
        this(db, settings, false);
    }

    /**
     * @param halfHourly also the tables the half-hourly group reads ({@link HalfHourlyTables}): burn
     *                   heights from F + 1 on so that PoX cycles fall on mainnet's boundaries, token
     *                   transfer columns of {@code txs}, with several blocks per tenure a coinbase in the
     *                   tenure's first block only, {@code burnchain_rewards}, {@code burn_block_pox_txs},
     *                   {@code pox4_events}, {@code pox_cycles}, {@code pox_sets}, {@code mempool_txs},
     *                   the counters of {@code chain_tip}, and the NFT activity ({@link NftTables}:
     *                   {@code nft_events}, {@code nft_custody}). Without it the database is the daily one,
     *                   byte for byte.
     */
    public SyntheticChain(DataSource db, Settings settings, boolean halfHourly) {
        this.db = db;
        this.settings = settings;
        this.halfHourly = halfHourly;
    }

    /** The burn height of tenure 0. */
    public long burnBase() {
        return halfHourly ? POX_FIRST_BURN_HEIGHT + 1 : DAILY_BURN_BASE;
    }

    public Settings settings() {
        return settings;
    }

    /** Creates the schema (indexes after the load) and the first {@code days} days. */
    public void create() throws SQLException {
        List<String> tables = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        for (String statement : StacksDb.subsetDdl().split(";\\s*\\n")) {
            String s = statement.replaceAll("(?m)^--.*$", "").trim();
            if (s.isEmpty()) {
                continue;
            }
            (s.startsWith("CREATE INDEX") ? indexes : tables).add(s);
        }
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            for (String s : tables) {
                st.execute(s);
            }
            st.execute("INSERT INTO ft_balances (address, token, balance) SELECT 'SP' || p, 'stx', 0 FROM generate_series(0, "
                    + (settings.principals() - 1) + ") p");
            appendDays(st, 0, settings.days());
            if (halfHourly) {
                new HalfHourlyTables(settings, burnBase()).createStackingAndMempool(st);
            }
            for (String s : indexes) {
                st.execute(s);
            }
            refreshBalancesAndTip(st);
            st.execute("ANALYZE");
        }
    }

    /** Appends one more day of blocks (day number {@code day}, 0-based) and brings ft_balances and chain_tip up to date. */
    public void appendDay(int day) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            appendDays(st, day, day + 1);
            refreshBalancesAndTip(st);
            st.execute("ANALYZE");
        }
    }

    private void appendDays(Statement st, int fromDay, int toDay) throws SQLException {
        long first = settings.lastHeight(fromDay) + 1;
        long last = settings.lastHeight(toDay);
        int k = settings.tenureBlocks();
        int n = settings.txsPerBlock();
        int pool = settings.principals();
        String h = "generate_series(" + first + ", " + last + ")";
        boolean stationary = settings.balances() == Balances.STATIONARY;
        long lag = settings.repaymentLag();
        // Bitcoin time of height x: its tenure (x-1)/k started at S0 + 600·tenure; its own time is later within the tenure.
        String burnTime = "(" + UtcDays.S0 + " + ((x - 1) / " + k + ") * 600 + 30)";
        String blockTime = "(" + burnTime + " + ((x - 1) % " + k + ") * " + (k == 1 ? 0 : 600 / k) + ")";
        String hash = "decode(lpad(to_hex(%s), 64, '0'), 'hex')";
        st.execute("INSERT INTO blocks (index_block_hash, block_hash, block_height, burn_block_time, burn_block_height, miner_txid,"
                + " parent_index_block_hash, canonical, tx_count, block_time, tenure_height)"
                + " SELECT " + hash.formatted("x") + ", " + hash.formatted("x + 4000000000") + ", x, " + burnTime + ", " + burnBase() + " + (x - 1) / " + k
                + ", " + hash.formatted("x + 8000000000") + ", " + hash.formatted("x - 1") + ", true, " + n + ", " + blockTime
                + ", (x - 1) / " + k + " FROM " + h + " x");
        // A forked sibling every 97 heights.
        st.execute("INSERT INTO blocks (index_block_hash, block_hash, block_height, burn_block_time, burn_block_height, miner_txid,"
                + " parent_index_block_hash, canonical, tx_count, block_time, tenure_height)"
                + " SELECT " + hash.formatted("x + 2000000000") + ", " + hash.formatted("x + 6000000000") + ", x, " + burnTime
                + ", " + burnBase() + " + (x - 1) / " + k + ", " + hash.formatted("x + 9000000000") + ", " + hash.formatted("x - 1") + ", false, "
                + n + ", " + blockTime + ", (x - 1) / " + k + " FROM " + h + " x WHERE x % 97 = 0");
        // Transactions: index 0 is the coinbase; 1 in 50 of the others sits in an orphaned microblock; 1 in 50 is sponsored.
        String txCols = "tx_id, tx_index, index_block_hash, block_hash, block_height, burn_block_time, burn_block_height, type_id,"
                + " status, canonical, microblock_canonical, microblock_sequence, microblock_hash, fee_rate, sponsored, sponsor_address,"
                + " sender_address, block_time" + (halfHourly ? ", token_transfer_recipient_address, token_transfer_amount" : "");
        String txSelect = "SELECT " + hash.formatted("x * 1000 + i + 100000000000") + ", i, b.index_block_hash, b.block_hash, x,"
                + " b.burn_block_time, b.burn_block_height, " + txType(k) + ", 1, b.canonical,"
                + (stationary
                        // A repayment shares the fate of its first leg: both in orphaned microblocks or neither.
                        ? " NOT (i > 0 AND abs(hashtext(CASE WHEN " + repayment("x", "i") + " THEN (x - " + lag + ") || ':' || (i + 1)"
                                + " ELSE x || ':' || i END || 'm')::bigint) % 50 = 0),"
                        : " NOT (i > 0 AND abs(hashtext(x || ':' || i || 'm')::bigint) % 50 = 0),")
                + " 2147483647, ''::bytea,"
                + " CASE WHEN i = 0 THEN 0 ELSE 180 + abs(hashtext(x || ':' || i || 'f')::bigint) % 1000 END,"
                + " i > 0 AND abs(hashtext(x || ':' || i || 'sp')::bigint) % 50 = 0,"
                + " CASE WHEN i > 0 AND abs(hashtext(x || ':' || i || 'sp')::bigint) % 50 = 0 THEN 'SP' || abs(hashtext(x || ':' || i || 'spa')::bigint) % " + pool + " END,"
                + " CASE WHEN i = 0 THEN 'SPMINER' || x % 50"
                + (stationary ? " WHEN " + repayment("x", "i") + " THEN " + principal("x - " + lag, "i + 1", "r") : "")
                + " ELSE " + principal("x", "i", "s") + " END,"
                + " b.block_time"
                + (halfHourly ? ", CASE WHEN i > 0 THEN " + (stationary ? "CASE WHEN " + repayment("x", "i") + " THEN "
                        + principal("x - " + lag, "i + 1", "s") + " ELSE " + principal("x", "i", "r") + " END"
                        : principal("x", "i", "r")) + " END, CASE WHEN i > 0 THEN "
                        + (stationary ? "CASE WHEN " + repayment("x", "i") + " THEN " + amount("x - " + lag, "i + 1") + " ELSE "
                                + amount("x", "i") + " END" : amount("x", "i")) + " END" : "")
                + " FROM blocks b CROSS JOIN generate_series(0, " + (n - 1) + ") i, LATERAL (SELECT b.block_height AS x) hx"
                + " WHERE b.block_height BETWEEN " + first + " AND " + last;
        st.execute("INSERT INTO txs (" + txCols + ") " + txSelect);
        // One STX event per non-coinbase transaction: a transfer; 1 in 5,000 moves over 1,000,000 STX.
        st.execute("INSERT INTO stx_events (event_index, tx_id, tx_index, block_height, index_block_hash, microblock_hash,"
                + " microblock_sequence, microblock_canonical, canonical, asset_event_type_id, amount, sender, recipient)"
                + " SELECT 0, t.tx_id, t.tx_index, t.block_height, t.index_block_hash, ''::bytea, 2147483647, t.microblock_canonical,"
                + " t.canonical, 1, "
                + (stationary ? "CASE WHEN " + repayment("t.block_height", "t.tx_index") + " THEN "
                        + amount("t.block_height - " + lag, "t.tx_index + 1") + " ELSE " + amount("t.block_height", "t.tx_index") + " END"
                        : amount("t.block_height", "t.tx_index")) + ", t.sender_address, "
                + (stationary ? "CASE WHEN " + repayment("t.block_height", "t.tx_index") + " THEN "
                        + principal("t.block_height - " + lag, "t.tx_index + 1", "s") + " ELSE "
                        + principal("t.block_height", "t.tx_index", "r") + " END"
                        : principal("t.block_height", "t.tx_index", "r"))
                + " FROM txs t WHERE t.tx_index > 0 AND t.block_height BETWEEN " + first + " AND " + last);
        if (fromDay == 0) {
            // Genesis allocations at height 1: 1,000 STX each, 10,000,000 STX to the first 100 principals (the whales);
            // stationary balances: 20,000-2,000,000 STX to 1 in 70 of the others.
            st.execute("INSERT INTO stx_events (event_index, tx_id, tx_index, block_height, index_block_hash, microblock_hash,"
                    + " microblock_sequence, microblock_canonical, canonical, asset_event_type_id, amount, sender, recipient)"
                    + " SELECT 1 + p, " + hash.formatted("100000001000") + ", 0, 1, " + hash.formatted("1") + ", ''::bytea, 2147483647,"
                    + " true, true, 2, CASE WHEN p < 100 THEN 10000000000000"
                    + (stationary ? " WHEN abs(hashtext(p || 'g')::bigint) % 70 = 0"
                            + " THEN (20000000000 * power(10, (abs(hashtext(p || 'h')::bigint) % 2000) / 1000.0))::bigint" : "")
                    + " ELSE 1000000000 END, NULL, 'SP' || p"
                    + " FROM generate_series(0, " + (pool - 1) + ") p");
        }
        // Miner rewards of block x mature at block x + 100.
        st.execute("INSERT INTO miner_rewards (index_block_hash, from_index_block_hash, mature_block_height, canonical, recipient,"
                + " coinbase_amount, tx_fees_anchored, tx_fees_streamed_confirmed, tx_fees_streamed_produced)"
                + " SELECT " + hash.formatted("x") + ", " + hash.formatted("x - 100") + ", x, true, 'SPMINER' || (x - 100) % 50,"
                + " 1000000000, 5000, 0, 0 FROM " + h + " x WHERE x > 100");
        if (halfHourly) {
            new HalfHourlyTables(settings, burnBase()).appendBurnBlocks(st, fromDay, toDay);
            NftTables.appendHeights(st, first, last);
        }
        if (k == 1) {
            // Microblocks before Nakamoto: one after every third block; 1 in 50 orphaned.
            st.execute("INSERT INTO microblocks (canonical, microblock_canonical, microblock_hash, microblock_sequence, index_block_hash,"
                    + " block_height, parent_burn_block_time)"
                    + " SELECT true, x % 150 <> 0, " + hash.formatted("x + 12000000000") + ", 0, " + hash.formatted("x + 1") + ", x + 1, "
                    + burnTime + " FROM " + h + " x WHERE x % 3 = 0");
        }
    }

    /**
     * The type of transaction {@code i} of block {@code x}: a coinbase (4) first, the others token
     * transfers (0). With the half-hourly tables and several blocks per tenure, only the tenure's
     * first block holds a coinbase (a Nakamoto coinbase, 8), the others a contract call (2) first.
     */
    private String txType(int k) {
        if (!halfHourly || k == 1) {
            return "CASE WHEN i = 0 THEN 4 ELSE 0 END";
        }
        return "CASE WHEN i > 0 THEN 0 WHEN (x - 1) % " + k + " = 0 THEN 8 ELSE 2 END";
    }

    /** The principal a transfer at height {@code x}, position {@code i} draws ({@code role} "s" sender, "r" recipient). */
    private String principal(String x, String i, String role) {
        return "'SP' || abs(hashtext((" + x + ") || ':' || (" + i + ") || '" + role + "')::bigint) % " + settings.principals();
    }

    /** The amount a transfer at height {@code x}, position {@code i} draws: 1-2,000 STX, 1 in 5,000 1,500,000 STX. */
    private static String amount(String x, String i) {
        return "CASE WHEN abs(hashtext((" + x + ") || ':' || (" + i + ") || 'w')::bigint) % 5000 = 0 THEN 1500000000000"
                + " ELSE 1 + abs(hashtext((" + x + ") || ':' || (" + i + ") || 'a')::bigint) % 2000000000 END";
    }

    /**
     * Whether the transfer at height {@code x}, position {@code i} pays back the one at position i + 1
     * a week earlier ({@link Balances#STATIONARY}): an odd position with an even one after it, a week
     * after the start.
     */
    private String repayment(String x, String i) {
        return "((" + i + ") % 2 = 1 AND (" + i + ") + 1 < " + settings.txsPerBlock() + " AND (" + x + ") > "
                + settings.repaymentLag() + ")";
    }

    /** What the API maintains: each principal's balance over all canonical rows, and the tip. */
    private void refreshBalancesAndTip(Statement st) throws SQLException {
        st.execute("""
                INSERT INTO ft_balances (address, token, balance)
                SELECT address, 'stx', sum(delta) FROM (
                    SELECT recipient AS address, amount::numeric AS delta FROM stx_events
                    WHERE canonical AND microblock_canonical AND recipient IS NOT NULL
                  UNION ALL SELECT sender, -amount::numeric FROM stx_events
                    WHERE canonical AND microblock_canonical AND sender IS NOT NULL
                  UNION ALL SELECT CASE WHEN sponsored THEN sponsor_address ELSE sender_address END, -fee_rate::numeric FROM txs
                    WHERE canonical AND microblock_canonical
                  UNION ALL SELECT m.recipient, m.coinbase_amount + m.tx_fees_anchored + m.tx_fees_streamed_confirmed
                    + m.tx_fees_streamed_produced FROM miner_rewards m JOIN blocks b ON b.index_block_hash = m.index_block_hash
                    AND b.canonical WHERE m.canonical
                ) parts WHERE address IS NOT NULL GROUP BY address
                ON CONFLICT (address, token) DO UPDATE SET balance = excluded.balance""");
        st.execute("UPDATE chain_tip SET block_height = (SELECT max(block_height) FROM blocks WHERE canonical),"
                + " index_block_hash = (SELECT index_block_hash FROM blocks WHERE canonical ORDER BY block_height DESC LIMIT 1),"
                + " block_count = (SELECT count(*) FROM blocks WHERE canonical)");
        if (halfHourly) {
            HalfHourlyTables.refreshTipCounters(st);
            NftTables.refreshCustody(st);
        }
    }
}
