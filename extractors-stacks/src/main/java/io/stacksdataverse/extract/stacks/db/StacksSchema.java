package io.stacksdataverse.extract.stacks.db;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The columns of the Stacks Blockchain API database that we read, typed for jOOQ, with the types
 * of the API's migrations (see {@code stacks-api-schema-subset.sql}). Each family of queries lists
 * the ones it reads as a {@link TableSet}, checked against a real database when the family runs.
 */
public final class StacksSchema {
    private StacksSchema() {
    }

    public static final class Blocks {
        public static final Table<Record> T = table(name("blocks"));
        public static final Field<byte[]> INDEX_BLOCK_HASH = field(name("blocks", "index_block_hash"), SQLDataType.BLOB);
        public static final Field<byte[]> BLOCK_HASH = field(name("blocks", "block_hash"), SQLDataType.BLOB);
        public static final Field<Integer> BLOCK_HEIGHT = field(name("blocks", "block_height"), SQLDataType.INTEGER);
        public static final Field<Integer> BURN_BLOCK_TIME = field(name("blocks", "burn_block_time"), SQLDataType.INTEGER);
        public static final Field<Integer> BURN_BLOCK_HEIGHT = field(name("blocks", "burn_block_height"), SQLDataType.INTEGER);
        public static final Field<byte[]> PARENT_INDEX_BLOCK_HASH = field(name("blocks", "parent_index_block_hash"), SQLDataType.BLOB);
        public static final Field<Boolean> CANONICAL = field(name("blocks", "canonical"), SQLDataType.BOOLEAN);
        public static final Field<Integer> BLOCK_TIME = field(name("blocks", "block_time"), SQLDataType.INTEGER);

        private Blocks() {
        }
    }

    public static final class Txs {
        public static final Table<Record> T = table(name("txs"));
        public static final Field<byte[]> TX_ID = field(name("txs", "tx_id"), SQLDataType.BLOB);
        public static final Field<byte[]> INDEX_BLOCK_HASH = field(name("txs", "index_block_hash"), SQLDataType.BLOB);
        public static final Field<Integer> BLOCK_HEIGHT = field(name("txs", "block_height"), SQLDataType.INTEGER);
        public static final Field<Integer> BURN_BLOCK_TIME = field(name("txs", "burn_block_time"), SQLDataType.INTEGER);
        public static final Field<Short> TYPE_ID = field(name("txs", "type_id"), SQLDataType.SMALLINT);
        public static final Field<Boolean> CANONICAL = field(name("txs", "canonical"), SQLDataType.BOOLEAN);
        public static final Field<Boolean> MICROBLOCK_CANONICAL = field(name("txs", "microblock_canonical"), SQLDataType.BOOLEAN);
        public static final Field<Long> FEE_RATE = field(name("txs", "fee_rate"), SQLDataType.BIGINT);
        public static final Field<Boolean> SPONSORED = field(name("txs", "sponsored"), SQLDataType.BOOLEAN);
        public static final Field<String> SPONSOR_ADDRESS = field(name("txs", "sponsor_address"), SQLDataType.CLOB);
        public static final Field<String> SENDER_ADDRESS = field(name("txs", "sender_address"), SQLDataType.CLOB);

        private Txs() {
        }
    }

    public static final class StxEvents {
        public static final Table<Record> T = table(name("stx_events"));
        public static final Field<Integer> EVENT_INDEX = field(name("stx_events", "event_index"), SQLDataType.INTEGER);
        public static final Field<byte[]> TX_ID = field(name("stx_events", "tx_id"), SQLDataType.BLOB);
        public static final Field<Short> TX_INDEX = field(name("stx_events", "tx_index"), SQLDataType.SMALLINT);
        public static final Field<Integer> BLOCK_HEIGHT = field(name("stx_events", "block_height"), SQLDataType.INTEGER);
        public static final Field<byte[]> INDEX_BLOCK_HASH = field(name("stx_events", "index_block_hash"), SQLDataType.BLOB);
        public static final Field<Boolean> CANONICAL = field(name("stx_events", "canonical"), SQLDataType.BOOLEAN);
        public static final Field<Boolean> MICROBLOCK_CANONICAL = field(name("stx_events", "microblock_canonical"), SQLDataType.BOOLEAN);
        public static final Field<Short> ASSET_EVENT_TYPE_ID = field(name("stx_events", "asset_event_type_id"), SQLDataType.SMALLINT);
        public static final Field<Long> AMOUNT = field(name("stx_events", "amount"), SQLDataType.BIGINT);
        public static final Field<String> SENDER = field(name("stx_events", "sender"), SQLDataType.CLOB);
        public static final Field<String> RECIPIENT = field(name("stx_events", "recipient"), SQLDataType.CLOB);

        private StxEvents() {
        }
    }

    public static final class Microblocks {
        public static final Table<Record> T = table(name("microblocks"));
        public static final Field<Boolean> CANONICAL = field(name("microblocks", "canonical"), SQLDataType.BOOLEAN);
        public static final Field<Boolean> MICROBLOCK_CANONICAL = field(name("microblocks", "microblock_canonical"), SQLDataType.BOOLEAN);
        public static final Field<Integer> BLOCK_HEIGHT = field(name("microblocks", "block_height"), SQLDataType.INTEGER);
        public static final Field<Integer> PARENT_BURN_BLOCK_TIME = field(name("microblocks", "parent_burn_block_time"), SQLDataType.INTEGER);
        public static final Field<LocalDateTime> RECEIVE_TIMESTAMP = field(name("microblocks", "receive_timestamp"), SQLDataType.LOCALDATETIME);

        private Microblocks() {
        }
    }

    public static final class MinerRewards {
        public static final Table<Record> T = table(name("miner_rewards"));
        public static final Field<byte[]> INDEX_BLOCK_HASH = field(name("miner_rewards", "index_block_hash"), SQLDataType.BLOB);
        public static final Field<Boolean> CANONICAL = field(name("miner_rewards", "canonical"), SQLDataType.BOOLEAN);
        public static final Field<String> RECIPIENT = field(name("miner_rewards", "recipient"), SQLDataType.CLOB);
        public static final Field<BigDecimal> COINBASE_AMOUNT = field(name("miner_rewards", "coinbase_amount"), SQLDataType.NUMERIC);
        public static final Field<BigDecimal> TX_FEES_ANCHORED = field(name("miner_rewards", "tx_fees_anchored"), SQLDataType.NUMERIC);
        public static final Field<BigDecimal> TX_FEES_STREAMED_CONFIRMED = field(name("miner_rewards", "tx_fees_streamed_confirmed"), SQLDataType.NUMERIC);
        public static final Field<BigDecimal> TX_FEES_STREAMED_PRODUCED = field(name("miner_rewards", "tx_fees_streamed_produced"), SQLDataType.NUMERIC);

        private MinerRewards() {
        }
    }

    public static final class FtBalances {
        public static final Table<Record> T = table(name("ft_balances"));
        public static final Field<String> ADDRESS = field(name("ft_balances", "address"), SQLDataType.CLOB);
        public static final Field<String> TOKEN = field(name("ft_balances", "token"), SQLDataType.CLOB);
        public static final Field<BigDecimal> BALANCE = field(name("ft_balances", "balance"), SQLDataType.NUMERIC);

        private FtBalances() {
        }
    }

    public static final class ChainTipTable {
        public static final Table<Record> T = table(name("chain_tip"));
        public static final Field<Integer> BLOCK_HEIGHT = field(name("chain_tip", "block_height"), SQLDataType.INTEGER);
        public static final Field<Integer> BURN_BLOCK_HEIGHT = field(name("chain_tip", "burn_block_height"), SQLDataType.INTEGER);
        public static final Field<byte[]> INDEX_BLOCK_HASH = field(name("chain_tip", "index_block_hash"), SQLDataType.BLOB);

        private ChainTipTable() {
        }
    }

    /**
     * The tables and columns a family of datasets reads, by table: what a database must have for
     * that family to run ({@link StacksDb#requireTables}).
     */
    public record TableSet(String family, Map<String, List<String>> columns) {
        public TableSet {
            columns = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(columns));
        }

        /** This set and the tables of {@code other}, under this set's family name. */
        public TableSet and(TableSet other) {
            Map<String, List<String>> m = new LinkedHashMap<>(columns);
            other.columns.forEach((table, cols) -> m.merge(table, cols, (a, b) -> {
                List<String> both = new java.util.ArrayList<>(a);
                b.stream().filter(c -> !both.contains(c)).forEach(both::add);
                return both;
            }));
            return new TableSet(family, m);
        }
    }

    /** What the chain cursor reads: the blocks and the tip (never {@code chain_tip.stx_supply}, not in a released API). */
    public static final TableSet CURSOR = new TableSet("chain cursor", Map.of(
            "blocks", List.of("index_block_hash", "block_hash", "block_height", "burn_block_time", "burn_block_height",
                    "parent_index_block_hash", "canonical", "block_time"),
            "chain_tip", List.of("block_height", "burn_block_height", "index_block_hash")));
}
