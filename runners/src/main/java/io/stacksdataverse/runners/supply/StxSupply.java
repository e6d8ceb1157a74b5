package io.stacksdataverse.runners.supply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.spi.RawExchange;
import io.stacksdataverse.spi.RawRecord;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.transform.UtcDays;
import java.io.IOException;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The total STX supply as of each row key T of the 180-day market datasets: the sum of the daily
 * supply changes of the days before T ({@link StxSupplySeries}, kept incrementally, under the cutoff
 * H_D). What a run read is kept in the raw zone like any source's answer, so that a replay rebuilds
 * the market caps without the database.
 */
public final class StxSupply {
    public static final String ENDPOINT = "stx_supply";
    private static final ObjectMapper JSON = new ObjectMapper();

    private StxSupply() {
    }

    /** The request as it is filed in the raw zone: it names the keys and D's end, never the database's address. */
    public static String request(LocalDate d, long firstKey, long lastKey) {
        return StacksDb.SOURCE + ":" + ENDPOINT + "?first_key=" + firstKey + "&last_key=" + lastKey
                + "&before=" + UtcDays.t(d.plusDays(1));
    }

    /** Supply in µSTX by key T, and which days the run read from the chain ("none", a range, or "replayed"). */
    public record Read(NavigableMap<Long, BigInteger> supply, String daysRead) {
    }

    /** Supply in µSTX by key {@code T}, for every day start from {@code firstKey} to {@code lastKey}; {@code dataset} names the reads. */
    public static Read read(TaskContext ctx, StacksDb db, String dataset, long firstKey, long lastKey)
            throws IOException {
        LocalDate d = ctx.executionDate();
        String request = request(d, firstKey, lastKey);
        if (ctx.raw().replaying()) {
            RawRecord kept = ctx.raw().replay(StacksDb.SOURCE, ENDPOINT, "SQL", request).orElseThrow(() ->
                    new IOException(StacksDb.SOURCE + ": " + request + ": replay: the raw zone keeps no supply read for "
                            + d + " (the original run must have read these keys)"));
            ctx.raw().used(kept.key());
            return new Read(parse(kept, firstKey, lastKey), "replayed");
        }
        StxSupplySeries.Changes changes;
        try {
            changes = StxSupplySeries.read(ctx, db, dataset);
        } catch (java.sql.SQLException e) {
            throw new IOException("warehouse: " + StxSupplySeries.STATE + ": " + e.getMessage(), e);
        }
        BlockRef cut = changes.cutoff();
        NavigableMap<Long, BigInteger> supply = accumulate(changes.byDay(), firstKey, lastKey);
        ObjectNode body = JSON.createObjectNode();
        body.put("cutoff_height", cut.height());
        body.put("cutoff_index_block_hash", "0x" + HexFormat.of().formatHex(cut.indexBlockHash()));
        ObjectNode values = body.putObject("supply_ustx");
        supply.forEach((k, v) -> values.put(Long.toString(k), v.toString()));
        String key = ctx.raw().record(new RawExchange(StacksDb.SOURCE, ENDPOINT, "SQL", request, 200, "application/json",
                JSON.writeValueAsBytes(body), ctx.clock().instant()));
        if (!key.isEmpty()) {
            ctx.raw().used(key);
        }
        return new Read(supply, changes.recomputed());
    }

    /** The supply at each day start T from {@code firstKey} to {@code lastKey}: the sum of the changes of the days before T. */
    public static NavigableMap<Long, BigInteger> accumulate(NavigableMap<LocalDate, Long> changes, long firstKey, long lastKey) {
        NavigableMap<Long, BigInteger> supply = new TreeMap<>();
        BigInteger running = BigInteger.ZERO;
        Iterator<Map.Entry<LocalDate, Long>> days = changes.entrySet().iterator();
        Map.Entry<LocalDate, Long> next = days.hasNext() ? days.next() : null;
        for (long key = firstKey; key <= lastKey; key += UtcDays.DAY_SECONDS) {
            LocalDate before = UtcDays.dayOf(key);
            while (next != null && next.getKey().isBefore(before)) {
                running = running.add(BigInteger.valueOf(next.getValue()));
                next = days.hasNext() ? days.next() : null;
            }
            supply.put(key, running);
        }
        return supply;
    }

    private static NavigableMap<Long, BigInteger> parse(RawRecord kept, long firstKey, long lastKey) throws IOException {
        String where = StacksDb.SOURCE + ": replayed " + kept.key();
        JsonNode values = JSON.readTree(kept.exchange().body()).path("supply_ustx");
        NavigableMap<Long, BigInteger> supply = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                supply.put(Long.parseLong(e.getKey()), new BigInteger(e.getValue().asText()));
            } catch (NumberFormatException ex) {
                throw new IOException(where + ": not a supply entry: " + e.getKey() + "=" + e.getValue());
            }
        }
        if (supply.isEmpty() || supply.firstKey() != firstKey || supply.lastKey() != lastKey
                || supply.size() != (lastKey - firstKey) / UtcDays.DAY_SECONDS + 1) {
            throw new IOException(where + ": expected the supply of every day start " + firstKey + ".." + lastKey);
        }
        return supply;
    }
}
