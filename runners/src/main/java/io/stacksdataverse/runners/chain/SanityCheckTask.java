package io.stacksdataverse.runners.chain;

import io.stacksdataverse.extract.stacks.ApiStatus;
import io.stacksdataverse.extract.stacks.ChainTip;
import io.stacksdataverse.extract.stacks.StacksApiClient;
import io.stacksdataverse.loaders.publish.DatasetPublisher;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.loaders.warehouse.SanityCheckTable;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.Task;
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
 * Stacks API's own database ({@code GET /extended}, {@code chain_tip.block_height}). The run for D
 * fails when the tip has not advanced past the value stored for the latest date before D, which is
 * the alert that the API's sync has stalled. A first run passes; a retry for D compares with the
 * same earlier date, so it does not fail because of its own earlier write. The tip is a run-time
 * probe: it is not reproducible for a past D.
 */
public final class SanityCheckTask implements Task {
    public static final String ID = "sanity_check";
    private final StacksApiClient stacksApi;

    @Inject
    public SanityCheckTask(StacksApiClient stacksApi) {
        this.stacksApi = stacksApi;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ScheduleGroup group() {
        return ScheduleGroup.DAILY;
    }

    @Override
    public boolean latestOnly() {
        return true;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        ApiStatus status = stacksApi.status(ctx.raw());
        ChainTip tip = status.chainTip().orElseThrow(() -> new IllegalStateException(StacksApiClient.SOURCE
                + " GET " + stacksApi.http().describeBaseUrl() + " /extended reports no chain_tip: the API database is empty"));
        LocalDate d = ctx.executionDate();
        DSLContext dsl = PostgresWarehouse.dsl(ctx.warehouse());
        Optional<SanityCheckTable.Seen> previous = SanityCheckTable.latestBefore(dsl, d);
        if (previous.isPresent() && tip.blockHeight() <= previous.get().maxblock()) {
            throw new IllegalStateException("the Stacks API database tip has not advanced: block " + tip.blockHeight()
                    + " now, block " + previous.get().maxblock() + " at the run for " + previous.get().executionDate()
                    + " (" + StacksApiClient.SOURCE + " " + stacksApi.http().describeBaseUrl() + ")");
        }
        Map<String, Long> body = new LinkedHashMap<>();
        body.put("maxblock", tip.blockHeight());
        byte[] encoded = DatasetPublisher.gzipJsonObject(body);
        SanityCheckTable.record(dsl, d, tip.blockHeight(), ctx.clock().instant());
        TaskResult.Builder result = TaskResult.builder();
        DatasetPublisher.publish(ctx.blobs(), DatasetPaths.SANITY_CHECK, d, ctx.isLatest(), Visibility.PRIVATE, encoded)
                .forEach(result::output);
        return result.value("maxblock", tip.blockHeight())
                .value("previous_maxblock", previous.map(p -> Long.toString(p.maxblock())).orElse("none"))
                .build();
    }
}
