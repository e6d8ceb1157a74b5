package io.stacksdataverse.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stacksdataverse.spi.Config;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts an alert to a Slack-compatible webhook ({@code {"text": "…"}}) at
 * {@code DATAVERSE_ALERT_WEBHOOK_URL}. The URL carries the webhook's secret, so it is never logged
 * or printed; a failed delivery is logged and never fails the task it reports on.
 */
public final class WebhookAlerts {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookAlerts.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI url;
    private final Config config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private WebhookAlerts(URI url, Config config) {
        this.url = url;
        this.config = config;
    }

    /** The alerts of {@code DATAVERSE_ALERT_WEBHOOK_URL}; empty when it is not set. */
    public static Optional<WebhookAlerts> fromConfig(Config config) {
        return config.get("DATAVERSE_ALERT_WEBHOOK_URL").filter(u -> !u.isBlank()).map(u -> {
            URI uri;
            try {
                uri = URI.create(u);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DATAVERSE_ALERT_WEBHOOK_URL is not a URL");
            }
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("DATAVERSE_ALERT_WEBHOOK_URL must be an http(s) URL with a host");
            }
            try {
                HttpRequest.newBuilder(uri); // the HTTP client refuses some URLs that URI accepts: refuse them now
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DATAVERSE_ALERT_WEBHOOK_URL is not a URL the HTTP client accepts");
            }
            return new WebhookAlerts(uri, config);
        });
    }

    /** A task failed for the last time: no retry follows. */
    public void taskFailed(String taskId, LocalDate date, String runId, int attempts, String message) {
        send("Stacks Dataverse: task " + taskId + " failed for " + date + " after " + attempts
                + (attempts == 1 ? " attempt" : " attempts") + " (run " + runId + "): " + message);
    }

    /** Posts {@code text}, redacted first; whether the webhook accepted it. Never throws. */
    public boolean send(String text) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("text", config.redact(text)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                LOG.warn("the alert webhook answered HTTP {}; the alert is lost: {}", response.statusCode(), config.redact(text));
                return false;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("the alert webhook could not be reached ({}); the alert is lost: {}", e.getClass().getSimpleName(),
                    config.redact(text));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
