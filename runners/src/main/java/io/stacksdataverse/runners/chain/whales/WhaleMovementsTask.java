package io.stacksdataverse.runners.chain.whales;

import io.stacksdataverse.runners.DatasetSettings;
import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.chain.ChainQueries;
import io.stacksdataverse.loaders.publish.CsvEncoder;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.runners.chain.IncrementalDailySeries;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.transform.Units;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Catalog #23, {@code whales/latest_movements.csv.gz}: the 500 newest canonical STX transfers of at
 * least 1,000,000 STX in blocks up to H_D, by height descending then amount descending. Columns
 * {@code tx_id, block_height, amount (STX), sender, recipient, burn_block_time, tx_type,
 * explorer_url}. Latest-only.
 */
public final class WhaleMovementsTask extends DatasetTask {
    private final ChainDatabase database;
    public static final String ID = "whale_movements";
    static final long MIN_MICRO_STX = 1_000_000_000_000L;
    static final int ROWS = 500;
    static final List<String> HEADER = List.of("tx_id", "block_height", "amount", "sender", "recipient", "burn_block_time",
            "tx_type", "explorer_url");
    private final String explorerTxUrl;

    @Inject
    public WhaleMovementsTask(Optional<StacksDb> database, Config config) {
        this(database, DatasetSettings.read(config).explorerTxUrl());
    }

    public WhaleMovementsTask(Optional<StacksDb> database, String explorerTxUrl) {
        super(ID, ScheduleGroup.DAILY, true);
        this.database = requires(new ChainDatabase(database));
        this.explorerTxUrl = explorerTxUrl;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: the largest recent transfers up to H_D.
        StacksDb db = database.get();
        BlockRef cut = IncrementalDailySeries.cutoff(ChainCursor.open(db, ID), ctx.executionDate());
        // Transform: one CSV row each, amounts in STX.
        List<List<Object>> rows = new ArrayList<>();
        for (ChainQueries.StxMovement m : ChainQueries.open(db, ID).largestRecentTransfers(cut.height(), MIN_MICRO_STX, ROWS)) {
            String txId = "0x" + HexFormat.of().formatHex(m.txId());
            String type = switch (m.assetEventTypeId()) {
                case 1 -> "transfer";
                case 2 -> "mint";
                default -> "burn";
            };
            rows.add(List.of(txId, m.blockHeight(), new CsvEncoder.Bare(Units.floatText(Units.stx(m.amount()))), m.sender(),
                    m.recipient(), m.burnBlockTime(), type, explorerTxUrl + txId));
        }
        byte[] encoded = CsvEncoder.gzipCsv(HEADER, rows);
        // Load: the fixed key.
        return TaskResult.builder()
                .outputs(ctx.publisher().publish(DatasetPaths.WHALE_MOVEMENTS, encoded))
                .value("rows", rows.size())
                .value("cutoff_height", cut.height())
                .build();
    }
}
