package io.stacksdataverse.runners.chain.sanity;

import io.stacksdataverse.extract.stacks.ApiStatus;
import io.stacksdataverse.extract.stacks.ChainTip;
import io.stacksdataverse.extract.stacks.StacksApiClient;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.loaders.warehouse.SanityCheckTable;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.spi.Visibility;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Catalog #22, {@code sanity_check.json.gz} (private): {@code {"maxblock": <tip>}}, the tip of the
 * Stacks API's own database: {@code chain_tip.block_height} read from that database when
 * {@code STACKS_DB_URL} is set, else over REST ({@code GET /extended}, the same value). The run for D
 * fails when the tip has not advanced past the value stored for the latest date before D, which is
 * the alert that the API's sync has stalled. A first run passes; a retry for D compares with the
 * same earlier date, so it does not fail because of its own earlier write. The tip is a run-time
 * probe: it is not reproducible for a past D.
 */
public final class SanityCheckTask extends DatasetTask {
    public static final String ID = "sanity_check";
    private final StacksApiClient stacksApi;
    private final Optional<StacksDb> database;

    /** Reads the tip over REST ({@code GET /extended}). */
    public SanityCheckTask(StacksApiClient stacksApi) {
        this(stacksApi, Optional.empty());
    }

    /** Reads {@code chain_tip.block_height} from the API's database when it is configured, over REST otherwise. */
    @Inject
    public SanityCheckTask(StacksApiClient stacksApi, Optional<StacksDb> database) {
        super(ID, ScheduleGroup.DAILY, true);
        this.stacksApi = stacksApi;
        this.database = database;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: the tip, from the database or over REST.
        long tipHeight;
        String source;
        if (database.isPresent()) {
            StacksDb db = database.get();
            tipHeight = ChainCursor.open(db, ID).tipHeight();
            source = StacksDb.SOURCE + " " + db.describe() + " chain_tip";
            if (tipHeight <= 0) {
                throw new IllegalStateException(source + " is at height 0: the API database is empty");
            }
        } else {
            ApiStatus status = stacksApi.status(ctx.raw());
            ChainTip tip = status.chainTip().orElseThrow(() -> new IllegalStateException(StacksApiClient.SOURCE
                    + " GET " + stacksApi.http().describeBaseUrl() + " /extended reports no chain_tip: the API database is empty"));
            tipHeight = tip.blockHeight();
            source = StacksApiClient.SOURCE + " " + stacksApi.http().describeBaseUrl();
        }
        // Transform: compare with the tip stored for the latest date before D.
        LocalDate d = ctx.executionDate();
        DSLContext dsl = PostgresWarehouse.dsl(ctx.warehouse());
        Optional<SanityCheckTable.Seen> previous = SanityCheckTable.latestBefore(dsl, d);
        if (previous.isPresent() && tipHeight <= previous.get().maxblock()) {
            throw new IllegalStateException("the Stacks API database tip has not advanced: block " + tipHeight
                    + " now, block " + previous.get().maxblock() + " at the run for " + previous.get().executionDate()
                    + " (" + source + ")");
        }
        Map<String, Long> body = new LinkedHashMap<>();
        body.put("maxblock", tipHeight);
        // Load: the warehouse row, then the private fixed key.
        byte[] encoded = ctx.publisher().jsonObject(body);
        SanityCheckTable.record(dsl, d, tipHeight, ctx.clock().instant());
        return TaskResult.builder()
                .outputs(ctx.publisher().publish(DatasetPaths.SANITY_CHECK, encoded, Visibility.PRIVATE))
                .value("maxblock", tipHeight)
                .value("previous_maxblock", previous.map(p -> Long.toString(p.maxblock())).orElse("none"))
                .build();
    }
}
