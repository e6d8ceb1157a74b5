package io.stacksdataverse.runners.mining;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.extract.stacks.db.ChainBuilder;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.mining.MiningQueries;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.loaders.warehouse.CommittedSatsCheckpoints;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The incremental all-time committed total of #32 against a full sum: burn heights 1000–1399 with one
 * to three payouts each (a height in ten without any, a non-canonical copy of every seventh), and a
 * settled depth of 20 so that a run moves past several checkpoints.
 */
class CommittedTotalIT {
    private static final long DEPTH = 20;
    private ChainBuilder chain;
    private MiningQueries queries;
    private CommittedSatsCheckpoints checkpoints;
    private DataSource warehouse;

    @BeforeEach
    void setUp() throws Exception {
        chain = ChainBuilder.create(TestPostgres.newDatabase());
        for (int h = 1000; h < 1400; h++) {
            if (h % 10 == 3) {
                continue; // a prepare-phase height: no payout rows
            }
            for (int i = 0; i <= h % 3; i++) {
                chain.burnchainReward(h, "bc1q" + i, 1_000L + h + i, 20_000L + h, i, true);
            }
            if (h % 7 == 0) {
                chain.burnchainReward(h, "bc1qforked", 999_999L, 888_888L, 0, false);
            }
        }
        queries = MiningQueries.open(new StacksDb(chain.dataSource(), "test chain"), MiningLast100Task.ID);
        PostgresWarehouse w = TestPostgres.newWarehouse();
        warehouse = w.dataSource();
        checkpoints = new CommittedSatsCheckpoints(warehouse);
    }

    @Test
    void equalsTheFullSumAtEveryHeightWhileCheckpointsAreTakenOnTheWay() throws Exception {
        CommittedTotal total = new CommittedTotal(queries, checkpoints, DEPTH);
        for (long h = 990; h <= 1410; h += 7) {
            assertThat(total.upTo(h, false)).as("h = " + h).isEqualTo(fullSum(h));
        }
        List<Long> heights = checkpointHeights();
        assertThat(heights).as("a checkpoint about every %d heights, each %d below a run's h", DEPTH, DEPTH).hasSizeGreaterThan(10);
        for (int i = 1; i < heights.size(); i++) {
            assertThat(heights.get(i) - heights.get(i - 1)).isGreaterThanOrEqualTo(DEPTH);
        }
        // An older interval, after newer checkpoints exist, uses one at or below its own settled height.
        assertThat(total.upTo(1111, false)).isEqualTo(fullSum(1111));
    }

    @Test
    void aReorgAboveTheSettledHeightIsCounted() throws Exception {
        CommittedTotal total = new CommittedTotal(queries, checkpoints, DEPTH);
        total.upTo(1300, false);
        exec("UPDATE burnchain_rewards SET canonical = NOT canonical WHERE burn_block_height BETWEEN 1285 AND 1300");
        assertThat(total.upTo(1300, false)).isEqualTo(fullSum(1300));
        assertThat(total.upTo(1305, false)).isEqualTo(fullSum(1305));
    }

    @Test
    void aRunUsesTheCheckpointAndAFullRebuildReplacesAWrongOne() throws Exception {
        CommittedTotal total = new CommittedTotal(queries, checkpoints, DEPTH);
        total.upTo(1200, false);
        // A wrong checkpoint shows that a run adds to it rather than summing everything again.
        try (Connection c = warehouse.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE committed_sats_checkpoints SET total_sats = total_sats + 5");
        }
        assertThat(total.upTo(1201, false)).isEqualTo(fullSum(1201) + 5);
        assertThat(total.upTo(1201, true)).isEqualTo(fullSum(1201));
        assertThat(checkpointHeights()).containsExactly(1201 - DEPTH);
        assertThat(total.upTo(1250, false)).isEqualTo(fullSum(1250));
    }

    @Test
    void aChainYoungerThanTheDepthStoresNothing() throws Exception {
        CommittedTotal total = new CommittedTotal(queries, checkpoints, 5_000);
        assertThat(total.upTo(1399, false)).isEqualTo(fullSum(1399));
        assertThat(total.upTo(1399, true)).isEqualTo(fullSum(1399));
        assertThat(checkpointHeights()).isEmpty();
    }

    private long fullSum(long h) throws Exception {
        try (Connection c = chain.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(sum(sats), 0) FROM (SELECT sum(reward_amount) + max(burn_amount) AS sats"
                     + " FROM burnchain_rewards WHERE canonical AND burn_block_height <= " + h + " GROUP BY burn_block_height) b")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<Long> checkpointHeights() throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = warehouse.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT burn_block_height FROM committed_sats_checkpoints ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private void exec(String sql) throws Exception {
        try (Connection c = chain.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
