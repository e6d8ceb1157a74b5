package io.stacksdataverse.extract.stacks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A local stand-in of the Stacks API for {@code MockWebServer}: {@code GET /extended} answers the
 * recorded status payload with a chain tip height that the test sets; {@code /v2/pox},
 * {@code /v2/fees/transfer} and pox-4's {@code get-total-ustx-stacked} answer recorded shapes.
 */
public final class StacksApiStandIn extends Dispatcher {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicLong tipHeight;
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());

    public StacksApiStandIn(long tipHeight) {
        this.tipHeight = new AtomicLong(tipHeight);
    }

    public static String fixtureText(String resource) {
        try (InputStream in = StacksApiStandIn.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void setTipHeight(long height) {
        tipHeight.set(height);
    }

    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        String path = request.getUrl().encodedPath();
        if (path.equals("/extended") || path.equals("/extended/")) {
            try {
                ObjectNode status = (ObjectNode) JSON.readTree(fixtureText("/fixtures/stacks-api/extended-status.json"));
                ((ObjectNode) status.get("chain_tip")).put("block_height", tipHeight.get());
                return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(status.toString()).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (path.equals("/v2/pox")) {
            // The node's PoX state: the recorded regtest pox-4 answer (F = 0, L = 20).
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body(fixtureText("/fixtures/stacks-api/v2-pox-regtest-pox4.json")).build();
        }
        if (path.equals("/v2/fees/transfer")) {
            // The recorded answer: a bare number, µSTX per byte.
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body(fixtureText("/fixtures/stacks-api/v2-fees-transfer.json")).build();
        }
        if (path.endsWith("/pox-4/get-total-ustx-stacked") && request.getMethod().equals("POST")) {
            // (ok u1000000000000): 1,000,000 STX stacked at every tip.
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body("{\"okay\":true,\"result\":\"0x0701" + String.format("%032x", 1_000_000_000_000L) + "\"}").build();
        }
        return new MockResponse.Builder().code(404).addHeader("Content-Type", "application/json")
                .body(fixtureText("/fixtures/stacks-api/error-tx-not-found.json")).build();
    }
}
