package io.stacksdataverse.extract.cryptocompare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * A local stand-in of CryptoCompare's {@code /data/v2/histominute}, {@code histohour} and
 * {@code histoday} (also with {@code allData=true}) for {@code MockWebServer}. It answers in the v2 shape of the recorded {@code histoday.json}
 * fixture, with candles whose prices are the recorded hourly candles of
 * {@code histohour-v1-legacy.json} replayed cyclically (scaled to STX's price range), so any time
 * range can be served from real price movements. It serves no candle that has not closed by
 * {@link #now}.
 */
public final class CryptoCompareStandIn extends Dispatcher {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ALL_DATA_FROM = 1_546_300_800L;
    private final List<JsonNode> recorded;
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Supplier<MockResponse>> scripted = new ArrayDeque<>();
    private final Deque<java.util.Map.Entry<String, Supplier<MockResponse>>> scriptedByPath = new ArrayDeque<>();
    private volatile Supplier<Instant> now = Instant::now;
    private volatile double scale = 0.001;

    public CryptoCompareStandIn() {
        JsonNode legacy = fixture("/fixtures/cryptocompare/histohour-v1-legacy.json");
        List<JsonNode> points = new ArrayList<>();
        legacy.path("Data").forEach(points::add);
        this.recorded = List.copyOf(points);
    }

    public static JsonNode fixture(String resource) {
        try (InputStream in = CryptoCompareStandIn.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String fixtureText(String resource) {
        try (InputStream in = CryptoCompareStandIn.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture " + resource);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The wall clock of the stand-in: candles that close after it are not served. */
    public CryptoCompareStandIn now(Supplier<Instant> clock) {
        this.now = clock;
        return this;
    }

    /** The next request is answered by {@code response} instead (e.g. a 500, or a truncated body). */
    public CryptoCompareStandIn thenAnswer(Supplier<MockResponse> response) {
        synchronized (scripted) {
            scripted.add(response);
        }
        return this;
    }

    /** The next request whose path ends with {@code pathEnd} is answered by {@code response} instead. */
    public CryptoCompareStandIn thenAnswerFor(String pathEnd, Supplier<MockResponse> response) {
        synchronized (scripted) {
            scriptedByPath.add(java.util.Map.entry(pathEnd, response));
        }
        return this;
    }

    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The close the stand-in serves for the candle starting at {@code time}. */
    public double closeAt(long time, long step) {
        return price(time, step, "close");
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        synchronized (scripted) {
            if (!scripted.isEmpty()) {
                return scripted.poll().get();
            }
            for (java.util.Iterator<java.util.Map.Entry<String, Supplier<MockResponse>>> it = scriptedByPath.iterator(); it.hasNext(); ) {
                java.util.Map.Entry<String, Supplier<MockResponse>> e = it.next();
                if (request.getUrl().encodedPath().endsWith(e.getKey())) {
                    it.remove();
                    return e.getValue().get();
                }
            }
        }
        HttpUrl url = request.getUrl();
        String path = url.encodedPath();
        long step;
        if (path.endsWith("/data/v2/histominute")) {
            step = 60;
        } else if (path.endsWith("/data/v2/histohour")) {
            step = 3600;
        } else if (path.endsWith("/data/v2/histoday")) {
            step = 86_400;
        } else {
            return new MockResponse.Builder().code(404).body("{\"Response\":\"Error\",\"Message\":\"no route " + path + "\"}").build();
        }
        String toTsParam = url.queryParameter("toTs");
        // allData: every day since the stand-in's first one (2019-01-01), as CryptoCompare gives since the pair traded.
        String limitParam = "true".equals(url.queryParameter("allData")) && step == 86_400 && toTsParam != null
                ? Long.toString((Long.parseLong(toTsParam) - ALL_DATA_FROM) / step) : url.queryParameter("limit");
        if (limitParam == null || toTsParam == null || url.queryParameter("fsym") == null) {
            return ok(error("fsym, limit and toTs are required"));
        }
        int limit = Integer.parseInt(limitParam);
        if (limit > 2000 && !"true".equals(url.queryParameter("allData"))) {
            return ok(error("limit is larger than max value 2000"));
        }
        long toTs = Long.parseLong(toTsParam) / step * step;
        long lastClosed = (now.get().getEpochSecond() / step) * step - step;
        toTs = Math.min(toTs, lastClosed);
        long from = toTs - (long) limit * step;
        ArrayNode data = JSON.createArrayNode();
        for (long t = from; t <= toTs; t += step) {
            ObjectNode p = data.addObject();
            p.put("time", t);
            p.put("high", price(t, step, "high"));
            p.put("low", price(t, step, "low"));
            p.put("open", price(t, step, "open"));
            p.put("volumefrom", recorded.get(index(t, step)).path("volumefrom").asDouble());
            p.put("volumeto", recorded.get(index(t, step)).path("volumeto").asDouble());
            p.put("close", price(t, step, "close"));
            p.put("conversionType", "direct");
            p.put("conversionSymbol", "");
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("Response", "Success");
        body.put("Message", "");
        body.put("HasWarning", false);
        body.put("Type", 100);
        body.putObject("RateLimit");
        ObjectNode inner = body.putObject("Data");
        inner.put("Aggregated", false);
        inner.put("TimeFrom", from);
        inner.put("TimeTo", toTs);
        inner.set("Data", data);
        return ok(body.toString());
    }

    private int index(long time, long step) {
        return (int) Math.floorMod(time / step, (long) recorded.size());
    }

    private double price(long time, long step, String field) {
        double v = recorded.get(index(time, step)).path(field).asDouble() * scale;
        return Math.round(v * 1e6) / 1e6;
    }

    private static String error(String message) {
        return "{\"Response\":\"Error\",\"Message\":\"" + message + "\",\"HasWarning\":false,\"Type\":2,\"RateLimit\":{},\"Data\":{}}";
    }

    private static MockResponse ok(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json; charset=UTF-8").body(body).build();
    }
}
