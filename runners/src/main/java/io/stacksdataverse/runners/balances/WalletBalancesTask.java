package io.stacksdataverse.runners.balances;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.balances.BalanceQueries;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetSettings;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.spi.Visibility;
import io.stacksdataverse.transform.Units;
import io.stacksdataverse.transform.UtcDays;
import io.stacksdataverse.transform.balances.WhaleBins;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Catalogs #4, #5 and #7 from one pass over the STX balances as of the end of D (the cutoff H_D):
 * <ul>
 *   <li>{@code wallet_balances_raw/{D}.json.gz}: {@code {"whale_balances": [STX…] ascending,
 *       "nonzero_bals": n}}, streamed into a file, never held in memory;</li>
 *   <li>{@code wallet_balances/{D}.json.gz}: the whale histogram {@code {"<upper bin edge>": n}};</li>
 *   <li>the warehouse table {@code whale_historical_stx_balances}: the day's whales, replaced in one
 *       transaction together with the day's nonzero count (the state of #6).</li>
 * </ul>
 * Balances near the tip are {@code ft_balances} minus the rows above the cutoff; further back, the
 * sum of every row up to it (both exact; see {@link BalanceQueries#balancesAsOf}).
 */
public final class WalletBalancesTask extends DatasetTask {
    private final ChainDatabase database;
    public static final String ID = "wallet_balances";
    public static final String NONZERO_DATASET = WhaleBalanceState.NONZERO_DATASET;
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private final long deltaMaxBlocks;

    @Inject
    public WalletBalancesTask(Optional<StacksDb> database, Config config) {
        this(database, DatasetSettings.read(config).balanceDeltaMaxBlocks());
    }

    /** @param deltaMaxBlocks how far below the tip the cutoff may be for the {@code ft_balances} method; 0: never */
    public WalletBalancesTask(Optional<StacksDb> database, long deltaMaxBlocks) {
        super(ID, ScheduleGroup.DAILY, false);
        this.database = requires(new ChainDatabase(database));
        this.deltaMaxBlocks = deltaMaxBlocks;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract, transform and load in one pass: each whale's balance as of H_D streams from the chain and
        // becomes STX, a bin of the distribution, a number of the raw file and a row of the warehouse table.
        LocalDate d = ctx.executionDate();
        Path rawFile = Files.createTempFile("wallet_balances_raw-", ".json.gz");
        TreeMap<Long, Long> bins = new TreeMap<>();
        WhaleBalanceState.Written written;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(rawFile));
             JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeArrayFieldStart("whale_balances");
            written = WhaleBalanceState.write(database.get(), ID, ctx.warehouse().dataSource(), d, deltaMaxBlocks,
                    (address, microStx) -> {
                        json.writeNumber(Units.stx(microStx).toPlainString());
                        bins.merge(WhaleBins.key(microStx), 1L, Long::sum);
                    });
            json.writeEndArray();
            json.writeNumberField("nonzero_bals", written.nonzero());
            json.writeEndObject();
        } catch (Exception e) {
            Files.deleteIfExists(rawFile);
            throw e;
        }
        long timestamp = UtcDays.t(d);
        long nonzero = written.nonzero();
        long whales = written.whales();
        BlockRef cut = written.cutoff();
        BalanceQueries.BalanceMethod method = written.method();
        try {
            // Load: the raw file and the distribution (dated keys, and latest for the newest run).
            Map<String, Long> histogram = new LinkedHashMap<>();
            bins.forEach((key, n) -> histogram.put(Long.toString(key), n));
            TaskResult.Builder result = TaskResult.builder();
            result.outputs(ctx.publisher().publishFile(DatasetPaths.WALLET_BALANCES_RAW, rawFile, Visibility.PUBLIC));
            result.outputs(ctx.publisher().publish(DatasetPaths.WALLET_BALANCE_DISTRIBUTION, ctx.publisher().jsonObject(histogram)));
            result.output("warehouse whale_historical_stx_balances (" + ctx.warehouse().describe() + "): " + whales
                    + " rows for timestamp " + timestamp);
            return result.value("nonzero_bals", nonzero).value("whales", whales).value("cutoff_height", cut.height())
                    .value("method", method.name()).build();
        } finally {
            Files.deleteIfExists(rawFile);
        }
    }
}
