package io.stacksdataverse.runners.chain.txsperblock;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.chain.ChainQueries;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Catalog #43, {@code tx_per_block/latest.json.gz}: {@code {"<height>": n}}, canonical transactions
 * per block for the 101 heights tip−100…tip, heights without a canonical transaction omitted,
 * height descending. tip = H(E), the newest canonical block with {@code block_time < E}; run for a
 * date, E = t(D+1) (the last interval of D). Half-hourly, latest-only.
 */
public final class TxsPerBlockTask extends DatasetTask {
    private final ChainDatabase database;
    public static final String ID = "txs_per_block";
    static final int BLOCKS = 101;

    @Inject
    public TxsPerBlockTask(Optional<StacksDb> database) {
        super(ID, ScheduleGroup.HALF_HOURLY, true);
        this.database = requires(new ChainDatabase(database));
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: H(E) and the transactions of the 101 blocks up to it.
        StacksDb db = database.get();
        Instant end = ctx.intervalEnd();
        BlockRef tip = ChainCursor.open(db, ID).requireCutoff(end, "");
        TreeMap<Long, Long> counts = new TreeMap<>(ChainQueries.open(db, ID).txsPerBlock(Math.max(0, tip.height() - (BLOCKS - 1)), tip.height()));
        // Transform: height descending.
        Map<String, Long> descending = new LinkedHashMap<>();
        counts.descendingMap().forEach((h, n) -> descending.put(Long.toString(h), n));
        // Load: the fixed key.
        return TaskResult.builder()
                .outputs(ctx.publisher().publish(DatasetPaths.TXS_PER_BLOCK, ctx.publisher().jsonObject(descending)))
                .value("tip_height", tip.height())
                .build();
    }

}
