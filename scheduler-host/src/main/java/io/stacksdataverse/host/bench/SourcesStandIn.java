package io.stacksdataverse.host.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.stacksdataverse.extract.stacks.clarity.ClarityValue;
import io.stacksdataverse.transform.UtcDays;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A stand-in of the HTTP sources of the half-hourly group, for the benchmark: a Stacks node
 * ({@code /v2/pox}, {@code /v2/fees/transfer}, pox-4's read-only {@code get-total-ustx-stacked})
 * whose answers follow the synthetic chain at the bench clock's time, and CryptoCompare's
 * {@code histominute}, {@code histohour} and {@code histoday} in its v2 shape with deterministic
 * prices. It answers on 127.0.0.1 at a free port and counts every request.
 */
public final class SourcesStandIn implements AutoCloseable {
    static final String POX_DEPLOYER = "SP000000000000000000002Q6VF78";
    private static final Pattern UINT_ARGUMENT = Pattern.compile("\"0x01([0-9a-f]{32})\"");
    private static final long F = SyntheticChain.POX_FIRST_BURN_HEIGHT;
    private static final long L = SyntheticChain.POX_CYCLE_LENGTH;
    private static final long DAY = UtcDays.DAY_SECONDS;

    private final HttpServer server;
    private final Clock clock;
    private final long burnBase;
    private final long tipBurnHeight;
    private final NavigableMap<Long, BigInteger> stackedByCycle;
    private final Map<Long, BigInteger> thresholdByCycle;
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, AtomicLong> byEndpoint = new ConcurrentHashMap<>();
    private final Map<String, String> candleTexts = new ConcurrentHashMap<>();
    private final List<Request> log = new ArrayList<>();

    /** One request as it arrived: method, path with its raw query, body. */
    public record Request(String method, String pathAndQuery, String body) {
    }

    /** Reads the reward sets of the chain, then listens. */
    public SourcesStandIn(DataSource chain, long burnBase, Clock clock) throws IOException, SQLException {
        this.clock = clock;
        this.burnBase = burnBase;
        this.stackedByCycle = new TreeMap<>();
        this.thresholdByCycle = new HashMap<>();
        try (Connection c = chain.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT cycle_number, total_stacked_amount FROM pox_cycles WHERE canonical")) {
                while (rs.next()) {
                    stackedByCycle.put(rs.getLong(1), rs.getBigDecimal(2).toBigInteger());
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT cycle_number, pox_ustx_threshold FROM pox_sets WHERE canonical")) {
                while (rs.next()) {
                    thresholdByCycle.put(rs.getLong(1), rs.getBigDecimal(2).toBigInteger());
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT burn_block_height FROM chain_tip")) {
                rs.next();
                tipBurnHeight = rs.getLong(1);
            }
        }
        // Without TCP_NODELAY each small answer waits for the client's delayed ACK (about 40 ms): not a cost of the sources.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** Requests answered so far. */
    public long requests() {
        return requests.get();
    }

    /** The requests from the {@code from}-th on (0-based, in order of arrival). */
    public List<Request> requestsFrom(long from) {
        synchronized (log) {
            return List.copyOf(log.subList((int) from, log.size()));
        }
    }

    /** Requests answered so far, by method and path. */
    public Map<String, Long> requestsByEndpoint() {
        Map<String, Long> out = new TreeMap<>();
        byEndpoint.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            URI uri = exchange.getRequestURI();
            String path = uri.getPath();
            byEndpoint.computeIfAbsent(exchange.getRequestMethod() + " " + path, k -> new AtomicLong()).incrementAndGet();
            Map<String, String> query = query(uri.getRawQuery());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (log) {
                log.add(new Request(exchange.getRequestMethod(), uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
                        body));
            }
            String answer;
            if (path.equals("/v2/pox")) {
                answer = pox();
            } else if (path.equals("/v2/fees/transfer")) {
                answer = "1";
            } else if (path.equals("/v2/contracts/call-read/" + POX_DEPLOYER + "/pox-4/get-total-ustx-stacked")) {
                answer = readOnly(body);
            } else if (path.equals("/data/v2/histominute")) {
                answer = candles(query, 60);
            } else if (path.equals("/data/v2/histohour")) {
                answer = candles(query, 3600);
            } else if (path.equals("/data/v2/histoday")) {
                answer = candles(query, DAY);
            } else {
                answer = null;
            }
            byte[] bytes = (answer == null ? "{\"error\":\"not found\"}" : answer).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer == null ? 404 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The burn height the node is at now: the tenure of the bench clock's time, at most the chain's tip. */
    private long burnHeightNow() {
        long tenure = Math.floorDiv(clock.instant().getEpochSecond() - UtcDays.S0, 600);
        return Math.min(tipBurnHeight, burnBase + Math.max(0, tenure));
    }

    private BigInteger stacked(long cycle) {
        return stackedByCycle.getOrDefault(cycle, BigInteger.ZERO);
    }

    private String pox() {
        long h = burnHeightNow();
        long c = Math.floorDiv(h - F, L);
        long next = F + (c + 1) * L + 1;
        BigInteger threshold = thresholdByCycle.getOrDefault(c, BigInteger.valueOf(10_000_000_000L));
        return "{\"contract_id\":\"" + POX_DEPLOYER + ".pox-4\",\"first_burnchain_block_height\":" + F
                + ",\"current_burnchain_block_height\":" + h + ",\"prepare_phase_block_length\":" + SyntheticChain.POX_PREPARE_LENGTH
                + ",\"reward_phase_block_length\":" + (L - SyntheticChain.POX_PREPARE_LENGTH) + ",\"reward_slots\":4000"
                + ",\"prepare_cycle_length\":" + SyntheticChain.POX_PREPARE_LENGTH + ",\"reward_cycle_length\":" + L
                + ",\"reward_cycle_id\":" + c + ",\"min_amount_ustx\":" + threshold
                + ",\"current_cycle\":{\"id\":" + c + ",\"min_threshold_ustx\":" + threshold + ",\"stacked_ustx\":" + stacked(c)
                + ",\"is_pox_active\":true},\"next_cycle\":{\"id\":" + (c + 1) + ",\"min_threshold_ustx\":" + threshold
                + ",\"stacked_ustx\":" + (stackedByCycle.containsKey(c + 1) ? stacked(c + 1) : stacked(c))
                + ",\"prepare_phase_start_block_height\":" + (next - 1 - SyntheticChain.POX_PREPARE_LENGTH)
                + ",\"reward_phase_start_block_height\":" + next + ",\"blocks_until_reward_phase\":" + (next - h) + "}}";
    }

    /** {@code (ok u<total stacked of the cycle asked>)}, as the node serialises it. */
    private String readOnly(String body) {
        Matcher m = UINT_ARGUMENT.matcher(body);
        if (!m.find()) {
            return "{\"okay\":false,\"cause\":\"expected one uint argument\"}";
        }
        long cycle = new BigInteger(m.group(1), 16).longValueExact();
        ClarityValue answer = new ClarityValue.Response(true, new ClarityValue.UInt(stacked(cycle)));
        return "{\"okay\":true,\"result\":\"" + answer.toHex() + "\"}";
    }

    /** A deterministic price path: STX around 1.5 USD, BTC around 40,000 USD, each with slow waves. */
    static double price(String symbol, long t) {
        double days = (t - UtcDays.S0) / (double) DAY;
        if (symbol.equals("BTC")) {
            return 40_000 + 15_000 * Math.sin(2 * Math.PI * days / 200) + 500 * Math.sin(t / 5_000.0);
        }
        return 1.5 + 0.8 * Math.sin(2 * Math.PI * days / 90) + 0.03 * Math.sin(t / 3_000.0);
    }

    /**
     * The candles of a {@code histo*} call in CryptoCompare's v2 shape: {@code limit + 1} ending at
     * {@code toTs}, or every day with {@code allData}. Each candle's text is made once: what the
     * bench times is the tasks' work with the answer, not the stand-in's arithmetic.
     */
    private String candles(Map<String, String> query, long step) {
        String symbol = query.getOrDefault("fsym", "STX");
        long to = Math.floorDiv(Long.parseLong(query.getOrDefault("toTs", "0")), step) * step;
        long from = "true".equals(query.get("allData")) ? UtcDays.S0 - 400 * DAY
                : to - Long.parseLong(query.getOrDefault("limit", "0")) * step;
        from = Math.floorDiv(from, step) * step;
        StringBuilder data = new StringBuilder();
        for (long t = from; t <= to; t += step) {
            if (data.length() > 0) {
                data.append(',');
            }
            data.append(candleTexts.computeIfAbsent(symbol + " " + step + " " + t, k -> candle(symbol, step, k)));
        }
        return "{\"Response\":\"Success\",\"Message\":\"\",\"HasWarning\":false,\"Type\":100,\"RateLimit\":{},"
                + "\"Data\":{\"Aggregated\":false,\"TimeFrom\":" + from + ",\"TimeTo\":" + to + ",\"Data\":[" + data + "]}}";
    }

    private static String candle(String symbol, long step, String key) {
        long t = Long.parseLong(key.substring(key.lastIndexOf(' ') + 1));
        double open = price(symbol, t);
        double close = price(symbol, t + step);
        double high = Math.max(open, close) * 1.004;
        double low = Math.min(open, close) * 0.996;
        return "{\"time\":" + t + ",\"high\":" + round6(high) + ",\"low\":" + round6(low) + ",\"open\":" + round6(open)
                + ",\"volumefrom\":1000.0,\"volumeto\":" + round6(1_000.0 * close) + ",\"close\":" + round6(close)
                + ",\"conversionType\":\"direct\",\"conversionSymbol\":\"\"}";
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(java.net.URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
