package io.stacksdataverse.runners.mining;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.mining.MiningQueries;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.transform.mining.MiningOverview;
import io.stacksdataverse.transform.mining.Tenure;
import io.stacksdataverse.transform.mining.WindowEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * #32's window as of the interval end E: the newest 101 tenures whose start block is at most H(E),
 * read from the database, and its hand-off to #33 and #34 as task-result values (one compact JSON
 * array), so they never read the published file back. A task run without its upstream's result for
 * this E reads the window itself, with the same code.
 */
public final class MiningWindow {
    static final int TENURES = 101;
    static final String INTERVAL_END = "interval_end";
    static final String TIP_HEIGHT = "tip_height";
    static final String WINDOW = "window";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The window with the rows #32 publishes besides the hand-off. */
    record Read(BlockRef tip, List<Tenure> tenures, List<WindowEntry> entries, MiningQueries queries) {
    }

    private MiningWindow() {
    }

    /** Reads the window of E; fails, naming the database and H(E), when no tenure starts at or below H(E). */
    static Read read(StacksDb db, String dataset, TaskContext ctx) throws StacksDatabaseException {
        BlockRef tip = ChainCursor.open(db, dataset).requireCutoff(ctx.intervalEnd(), "");
        MiningQueries queries = MiningQueries.open(db, dataset);
        List<Tenure> tenures = new ArrayList<>();
        for (MiningQueries.TenureRow r : queries.window(tip.height(), TENURES)) {
            tenures.add(new Tenure(r.height(), r.burnBlockTime(), r.winner(), r.burnSats(), r.winnerSats(), r.maturedMicroStx(),
                    r.feesMicroStx()));
        }
        if (tenures.isEmpty()) {
            throw new StacksDatabaseException(dataset + ": " + StacksDb.SOURCE + " " + db.describe()
                    + " has no tenure-start block (a canonical block with a canonical coinbase transaction) at or below H(E) = "
                    + tip.height() + " (E = " + ctx.intervalEnd() + ")");
        }
        // The fill rule looks before the window only when no tenure of it has a matured coinbase.
        boolean anyMatured = tenures.stream().anyMatch(t -> t.maturedMicroStx() != null);
        OptionalLong older = anyMatured ? OptionalLong.empty() : queries.newestMaturedCoinbase(tip.height());
        return new Read(tip, tenures, MiningOverview.entries(tenures, older), queries);
    }

    /** A window as #33 and #34 receive it: H(E) and the entries, ascending. */
    record Handed(long tipHeight, List<WindowEntry> entries) {
    }

    /**
     * The window handed over in the result of the first of {@code upstream} that has one for this E
     * (a result of another interval is ignored), else read from the database.
     */
    static Handed handed(TaskContext ctx, StacksDb db, String dataset, String... upstream) throws StacksDatabaseException {
        for (String id : upstream) {
            Optional<TaskResult> r = ctx.upstreamResult(id);
            if (r.isPresent() && r.get().value(INTERVAL_END).equals(Optional.of(ctx.intervalEnd().toString()))
                    && r.get().value(WINDOW).isPresent()) {
                return new Handed(r.get().longValue(TIP_HEIGHT), decode(r.get().value(WINDOW).get()));
            }
        }
        Read w = read(db, dataset, ctx);
        return new Handed(w.tip().height(), w.entries());
    }

    /** The hand-off values of a window: E, H(E) and the entries. */
    static TaskResult.Builder handOff(TaskResult.Builder result, TaskContext ctx, long tipHeight, List<WindowEntry> entries) {
        return result.value(INTERVAL_END, ctx.intervalEnd().toString()).value(TIP_HEIGHT, tipHeight).value(WINDOW, encode(entries));
    }

    /** {@code [[height, burn_block_time, winner, winner sats|null, reward µSTX|null], …]}, ascending. */
    static String encode(List<WindowEntry> entries) {
        ArrayNode all = JSON.createArrayNode();
        for (WindowEntry e : entries) {
            ArrayNode row = all.addArray().add(e.height()).add(e.burnBlockTime()).add(e.winner());
            row.add(e.winnerSats() == null ? null : JSON.getNodeFactory().numberNode(e.winnerSats()));
            row.add(e.rewardMicroStx() == null ? null : JSON.getNodeFactory().numberNode(e.rewardMicroStx()));
        }
        return all.toString();
    }

    static List<WindowEntry> decode(String text) {
        try {
            List<WindowEntry> out = new ArrayList<>();
            for (JsonNode row : JSON.readTree(text)) {
                out.add(new WindowEntry(row.get(0).asLong(), row.get(1).asLong(), row.get(2).asText(),
                        row.get(3).isNull() ? null : row.get(3).asLong(), row.get(4).isNull() ? null : row.get(4).asLong()));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the mining window handed over is not the JSON array it should be: " + e.getMessage(), e);
        }
    }
}
