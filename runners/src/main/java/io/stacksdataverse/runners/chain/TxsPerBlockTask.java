package io.stacksdataverse.runners.chain;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.chain.ChainQueries;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.loaders.publish.DatasetPublisher;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.spi.Visibility;
import io.stacksdataverse.transform.UtcDays;
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
public final class TxsPerBlockTask extends StacksDbTask {
    public static final String ID = "txs_per_block";
    static final int BLOCKS = 101;

    @Inject
    public TxsPerBlockTask(Optional<StacksDb> database) {
        super(ID, ScheduleGroup.HALF_HOURLY, true, database);
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        StacksDb db = database();
        Instant end = Instant.ofEpochSecond(UtcDays.t(ctx.executionDate().plusDays(1)));
        BlockRef tip = ChainCursor.open(db, ID).requireCutoff(end, "");
        TreeMap<Long, Long> counts = new TreeMap<>(ChainQueries.open(db, ID).txsPerBlock(Math.max(0, tip.height() - (BLOCKS - 1)), tip.height()));
        Map<String, Long> descending = new LinkedHashMap<>();
        counts.descendingMap().forEach((h, n) -> descending.put(Long.toString(h), n));
        byte[] encoded = DatasetPublisher.gzipJsonObject(descending);
        TaskResult.Builder result = TaskResult.builder();
        DatasetPublisher.publish(ctx.blobs(), DatasetPaths.TXS_PER_BLOCK, ctx.executionDate(), ctx.isLatest(), Visibility.PUBLIC,
                encoded).forEach(result::output);
        return result.value("tip_height", tip.height()).build();
    }

}
