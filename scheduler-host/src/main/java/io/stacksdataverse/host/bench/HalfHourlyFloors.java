package io.stacksdataverse.host.bench;

import io.stacksdataverse.extract.stacks.db.mining.MiningQueries;
import io.stacksdataverse.extract.stacks.db.nft.NftTradeQueries;
import io.stacksdataverse.extract.stacks.db.spot.SpotQueries;
import io.stacksdataverse.extract.stacks.db.stacking.StackerQueries;
import io.stacksdataverse.loaders.warehouse.IntervalProbes;
import io.stacksdataverse.runners.chain.txsperblock.TxsPerBlockTask;
import io.stacksdataverse.runners.mempool.MempoolOverTimeTask;
import io.stacksdataverse.runners.mining.CommittedTotal;
import io.stacksdataverse.runners.mining.MiningLast100Task;
import io.stacksdataverse.runners.mining.MiningMostSuccessfulTask;
import io.stacksdataverse.runners.mining.MiningRiskRewardTask;
import io.stacksdataverse.runners.nft.NftTopTradedTask;
import io.stacksdataverse.runners.nft.NftVolumeTask;
import io.stacksdataverse.runners.nft.NftInExistenceTask;
import io.stacksdataverse.runners.nft.NftTopMintedTask;
import io.stacksdataverse.runners.spot.SpotStatsTask;
import io.stacksdataverse.runners.stacking.PoxSnapshotTask;
import io.stacksdataverse.runners.stacking.StackingRewardsTask;
import io.stacksdataverse.transform.UtcDays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the half-hourly benchmark compares each dataset with, in one place: its bare SQL floor (the
 * set-based statements over the chain, and over the warehouse's run-time state, that produce its
 * numbers for the interval end E, without encoding or writing) and the original's cost as the
 * catalog states it. The bench adds to a floor the bare round trips of the HTTP calls the dataset
 * made. A dataset of the group with neither is reported as "no floor"; adding a dataset means
 * adding its entry.
 */
final class HalfHourlyFloors {
    /**
     * The interval's cutoff: H(E), its burn height, E, the first block that can carry a Bitcoin time
     * in E's 24 hours, the mempool window's length in seconds, and the height of the committed total's
     * checkpoint the run of E could use (−1 without one).
     */
    record Cutoff(long height, long burnHeight, long intervalEnd, long lowHeight, long mempoolWindowSeconds, long committedFrom) {
        long cycle() {
            return Math.floorDiv(burnHeight - SyntheticChain.POX_FIRST_BURN_HEIGHT, SyntheticChain.POX_CYCLE_LENGTH);
        }

        /** s_c = F + c·L + 1. */
        long rewardPhaseStart(long cycle) {
            return SyntheticChain.POX_FIRST_BURN_HEIGHT + cycle * SyntheticChain.POX_CYCLE_LENGTH + 1;
        }
    }

    /** A floor: what it is, and its statements for a cutoff over the chain, then over the warehouse (the run-time state). */
    record Floor(String what, List<Function<Cutoff, String>> statements, List<Function<Cutoff, String>> warehouseStatements) {
        Floor(String what, List<Function<Cutoff, String>> statements) {
            this(what, statements, List.of());
        }
    }

    /**
     * The original's cost: what the catalog says it did, and a statement that costs as much on the
     * same database when there is one ({@code a full txs COUNT every 30 minutes}).
     */
    record Original(String note, Optional<String> statement) {
    }

    private static final String FULL_COUNT = "SELECT count(*) FROM txs";

    /** The mining window of the newest 101 tenures up to H(E): #32's statement, whose rows #33 and #34 are handed. */
    private static final Function<Cutoff, String> WINDOW = c -> bind(MiningQueries.WINDOW_SQL, c.height(), 101, c.height(), c.height());

    private static final Function<Cutoff, String> SNAPSHOT_AT = c -> "SELECT interval_end, current_cycle, next_cycle,"
            + " next_cycle_stacked_ustx FROM pox_snapshots WHERE interval_end = " + c.intervalEnd();

    static final Map<String, Floor> FLOORS = floors(
            TxsPerBlockTask.ID, new Floor("transactions per block of the 101 heights up to H(E)", List.of(
                    c -> "SELECT block_height, count(*) FROM txs WHERE canonical AND microblock_canonical AND block_height BETWEEN "
                            + Math.max(0, c.height() - 100) + " AND " + c.height() + " GROUP BY block_height")),
            SpotStatsTask.ID, new Floor("the tip counters, stackers, reward sets, payouts, latest transfers and block times", List.of(
                    c -> "SELECT (SELECT tx_count FROM chain_tip) - count(*) FROM txs WHERE block_height > " + c.height()
                            + " AND canonical AND microblock_canonical",
                    c -> "SELECT count(*) FROM txs WHERE block_height BETWEEN " + c.lowHeight() + " AND " + c.height()
                            + " AND canonical AND microblock_canonical AND burn_block_time >= " + (c.intervalEnd() - UtcDays.DAY_SECONDS)
                            + " AND burn_block_time < " + c.intervalEnd(),
                    c -> "SELECT count(*) FROM (SELECT DISTINCT ON (stacker) name, locked, lock_amount, total_locked, unlock_burn_height,"
                            + " burnchain_unlock_height FROM pox4_events WHERE canonical AND microblock_canonical AND block_height <= "
                            + c.height() + " AND name IN (" + StackerQueries.LOCK_CHANGING.stream().map(n -> "'" + n + "'")
                                    .collect(Collectors.joining(", "))
                            + ") ORDER BY stacker, block_height DESC, microblock_sequence DESC, tx_index DESC, event_index DESC) l"
                            + " WHERE name <> 'handle-unlock' AND coalesce(total_locked, lock_amount, locked) > 0"
                            + " AND CASE WHEN name LIKE '%increase' THEN burnchain_unlock_height ELSE unlock_burn_height END > "
                            + c.burnHeight(),
                    c -> "SELECT (SELECT total_stacked_amount FROM pox_cycles WHERE canonical AND cycle_number = " + c.cycle()
                            + " AND block_height <= " + c.height() + " ORDER BY block_height DESC LIMIT 1),"
                            + " (SELECT total_stacked_amount FROM pox_cycles WHERE canonical AND cycle_number = " + (c.cycle() - 1)
                            + " AND block_height <= " + c.height() + " ORDER BY block_height DESC LIMIT 1),"
                            + " (SELECT pox_ustx_threshold FROM pox_sets WHERE canonical AND cycle_number = " + c.cycle()
                            + " AND block_height <= " + c.height() + " ORDER BY block_height DESC LIMIT 1)",
                    c -> "SELECT sum(reward_amount) FROM burnchain_rewards WHERE canonical AND burn_block_height BETWEEN "
                            + c.rewardPhaseStart(c.cycle() - 1) + " AND " + Math.min(c.rewardPhaseStart(c.cycle()) - 1, c.burnHeight()),
                    c -> "SELECT token_transfer_amount, burn_block_time FROM txs WHERE block_height <= " + c.height()
                            + " AND canonical AND microblock_canonical AND type_id = 0 AND token_transfer_amount >= "
                            + SpotQueries.WHALE_TRANSFER_MICRO_STX + " ORDER BY block_height DESC, token_transfer_amount DESC LIMIT 1",
                    c -> "SELECT fee_rate FROM txs WHERE block_height <= " + c.height() + " AND canonical AND microblock_canonical"
                            + " AND type_id = 0 ORDER BY block_height DESC, microblock_sequence DESC, tx_index DESC LIMIT 10",
                    c -> "SELECT (SELECT burn_block_time FROM blocks WHERE canonical AND block_height <= " + c.height()
                            + " AND burn_block_height >= " + c.rewardPhaseStart(c.cycle()) + " ORDER BY block_height LIMIT 1),"
                            + " (SELECT burn_block_time FROM blocks WHERE canonical AND block_height <= " + c.height()
                            + " AND burn_block_height < " + c.rewardPhaseStart(c.cycle()) + " ORDER BY block_height DESC LIMIT 1),"
                            + " (SELECT mempool_tx_count FROM chain_tip)")),
            MiningLast100Task.ID, new Floor("the window of the newest 101 tenures, and the committed total: its checkpoint and"
                    + " the heights above it", List.of(WINDOW,
                    c -> bind(MiningQueries.COMMITTED_SQL, c.burnHeight() - CommittedTotal.SETTLED_DEPTH, c.committedFrom(), c.burnHeight())), List.of(
                    c -> "SELECT burn_block_height, total_sats FROM committed_sats_checkpoints WHERE burn_block_height <= "
                            + (c.burnHeight() - CommittedTotal.SETTLED_DEPTH) + " ORDER BY burn_block_height DESC LIMIT 1")),
            MiningRiskRewardTask.ID, new Floor("the window of mining_last100, whose rows it is handed", List.of(WINDOW)),
            StackingRewardsTask.ID, new Floor("the payouts per burn block of cycles c-1 and c up to h(E), the Bitcoin times of the"
                    + " 20 highest", List.of(
                    c -> "SELECT burn_block_height, sum(reward_amount) FROM burnchain_rewards WHERE canonical AND burn_block_height"
                            + " BETWEEN " + c.rewardPhaseStart(c.cycle() - 1) + " AND " + c.burnHeight()
                            + " GROUP BY burn_block_height ORDER BY burn_block_height",
                    c -> "SELECT burn_block_height, min(burn_block_time) FROM blocks WHERE canonical AND block_height <= " + c.height()
                            + " AND burn_block_height IN (SELECT DISTINCT burn_block_height FROM burnchain_rewards WHERE canonical"
                            + " AND burn_block_height BETWEEN " + c.rewardPhaseStart(c.cycle() - 1) + " AND " + c.burnHeight()
                            + " ORDER BY burn_block_height DESC LIMIT 20) GROUP BY burn_block_height")),
            PoxSnapshotTask.ID, new Floor("the snapshot of E: looked up, stored unless there (first run wins), read back", List.of(),
                    List.of(SNAPSHOT_AT, c -> "INSERT INTO pox_snapshots (interval_end, current_cycle, next_cycle, next_cycle_stacked_ustx)"
                            + " VALUES (" + c.intervalEnd() + ", " + c.cycle() + ", " + (c.cycle() + 1) + ", 0)"
                            + " ON CONFLICT (interval_end) DO NOTHING RETURNING interval_end", SNAPSHOT_AT)),
            MempoolOverTimeTask.ID, new Floor("the mempool count now, and the window's stored snapshots", List.of(
                    c -> "SELECT coalesce(mempool_tx_count, 0) FROM chain_tip"), List.of(
                    c -> "SELECT interval_end, value FROM interval_probes WHERE probe = '" + IntervalProbes.MEMPOOL_TX_COUNT
                            + "' AND interval_end > " + (c.intervalEnd() - c.mempoolWindowSeconds()) + " AND interval_end <= "
                            + c.intervalEnd() + " ORDER BY interval_end")),
            MiningMostSuccessfulTask.ID, new Floor("the window of mining_last100, whose rows it is handed", List.of(WINDOW)),
            NftVolumeTask.ID, new Floor("the stored block's canonical flag, the candidate trades of the interval's blocks, the"
                    + " window's volumes per block in the warehouse", List.of(
                    c -> "SELECT canonical FROM blocks WHERE canonical AND block_height = " + c.height(),
                    c -> NftTradeQueries.candidatesSql("b.block_height > (SELECT coalesce(max(block_height), -1) FROM blocks"
                            + " WHERE canonical AND block_time < " + (c.intervalEnd() - 1800) + ") AND b.block_height <= " + c.height())),
                    List.of(c -> "SELECT low_height, last_height, last_index_block_hash, last_interval_end FROM nft_trades_progress",
                            c -> "SELECT block_height, min(burn_block_time), sum(volume_ustx) FROM nft_trades WHERE block_height <= "
                                    + c.height() + " AND burn_block_time >= " + (UtcDays.dayStart(c.intervalEnd() - 1800)
                                    - 29 * UtcDays.DAY_SECONDS) + " GROUP BY block_height ORDER BY block_height")),
            NftTopTradedTask.ID, new Floor("the candidate trades of the blocks of the last 100 burn blocks", List.of(
                    c -> NftTradeQueries.candidatesSql("b.block_height <= " + c.height() + " AND b.burn_block_height BETWEEN "
                            + (c.burnHeight() - 99) + " AND " + c.burnHeight()))),
            NftInExistenceTask.ID, new Floor("the oldest block time and the mints - burns above a boundary (bounded here by E's"
                    + " 24 hours), and the stored days", List.of(
                    c -> "SELECT min(block_time) FROM blocks WHERE canonical AND block_height > " + c.lowHeight()
                            + " AND block_height <= " + c.height(),
                    c -> "SELECT sum(CASE e.asset_event_type_id WHEN 2 THEN 1 WHEN 3 THEN -1 ELSE 0 END),"
                            + " count(*) FILTER (WHERE e.asset_event_type_id NOT IN (2, 3)) FROM nft_events e"
                            + " JOIN blocks b ON b.index_block_hash = e.index_block_hash WHERE b.canonical AND e.canonical"
                            + " AND e.microblock_canonical AND e.asset_event_type_id <> 1 AND e.block_height > " + c.lowHeight()
                            + " AND e.block_height <= " + c.height() + " AND b.block_height > " + c.lowHeight()
                            + " AND b.block_height <= " + c.height()), List.of(
                    c -> "SELECT last_day, last_height, last_index_block_hash FROM nft_supply_progress",
                    c -> "SELECT day, boundary_height, supply FROM nft_supply_days ORDER BY day")),
            NftTopMintedTask.ID, new Floor("the mints per asset of the blocks of the last 100 burn heights up to H(E)", List.of(
                    c -> "SELECT e.asset_identifier, e.asset_event_type_id, count(*) FROM nft_events e"
                            + " JOIN blocks b ON b.index_block_hash = e.index_block_hash WHERE b.canonical AND e.canonical"
                            + " AND e.microblock_canonical AND b.block_height <= " + c.height() + " AND b.burn_block_height BETWEEN "
                            + (c.burnHeight() - 99) + " AND " + c.burnHeight() + " AND e.asset_event_type_id NOT IN (1, 3)"
                            + " GROUP BY e.asset_identifier, e.asset_event_type_id")));

    static final Map<String, Original> ORIGINAL = Map.of(
            TxsPerBlockTask.ID, new Original("a full txs COUNT every 30 minutes", Optional.of(FULL_COUNT)),
            SpotStatsTask.ID, new Original("a full txs COUNT every 30 minutes", Optional.of(FULL_COUNT)),
            MiningLast100Task.ID, new Original("102 GraphQL calls", Optional.empty()),
            MiningRiskRewardTask.ID, new Original("202 price calls", Optional.empty()),
            StackingRewardsTask.ID, new Original("about 100 stacking.club probes", Optional.empty()));

    private HalfHourlyFloors() {
    }

    /** The floors by dataset id, from alternating ids and floors (more than {@code Map.of} takes). */
    private static Map<String, Floor> floors(Object... idsAndFloors) {
        Map<String, Floor> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < idsAndFloors.length; i += 2) {
            if (out.put((String) idsAndFloors[i], (Floor) idsAndFloors[i + 1]) != null) {
                throw new IllegalStateException("two floors for " + idsAndFloors[i]);
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** {@code sql} with each {@code ?} replaced by the next value (integers only). */
    static String bind(String sql, long... values) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (char ch : sql.toCharArray()) {
            if (ch == '?') {
                out.append(values[next++]);
            } else {
                out.append(ch);
            }
        }
        if (next != values.length) {
            throw new IllegalArgumentException("the statement has " + next + " parameters, not " + values.length);
        }
        return out.toString();
    }
}
