package io.stacksdataverse.loaders.cdn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.spi.Secret;
import java.net.URI;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** The invalidator against a local stand-in of CloudFront's API: the requests the SDK signs and sends, and the answers. */
class CloudFrontInvalidatorTest {
    private static final String SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";

    @StartStop
    private final MockWebServer cloudFront = new MockWebServer();

    static MockResponse created(String id, String callerReference, List<String> paths) {
        StringBuilder items = new StringBuilder();
        paths.forEach(p -> items.append("<Path>").append(p).append("</Path>"));
        return new MockResponse.Builder().code(201).addHeader("Content-Type", "text/xml")
                .addHeader("Location", "https://cloudfront.amazonaws.com/2020-05-31/distribution/E2EXAMPLE/invalidation/" + id)
                .body("<?xml version=\"1.0\"?><Invalidation xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">"
                        + "<Id>" + id + "</Id><Status>InProgress</Status><CreateTime>2024-06-02T00:05:00.000Z</CreateTime>"
                        + "<InvalidationBatch><Paths><Quantity>" + paths.size() + "</Quantity><Items>" + items + "</Items></Paths>"
                        + "<CallerReference>" + callerReference + "</CallerReference></InvalidationBatch></Invalidation>")
                .build();
    }

    static MockResponse error(int status, String code, String message) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "text/xml")
                .body("<?xml version=\"1.0\"?><ErrorResponse xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">"
                        + "<Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error>"
                        + "<RequestId>b2c3d4e5-6789-0abc-def1-234567890abc</RequestId></ErrorResponse>")
                .build();
    }

    private CloudFrontInvalidator invalidator() {
        return CloudFrontInvalidator.builder("E2EXAMPLE").endpointOverride(URI.create(cloudFront.url("/").toString()))
                .credentials("AKIDEXAMPLE", new Secret(SECRET)).build();
    }

    @Test
    void createsOneSignedInvalidationOfThePathsUnderTheCallerReference() throws Exception {
        List<String> paths = List.of("/daily_txs/latest.json.gz", "/price_over_time/latest_7d.json.gz");
        cloudFront.enqueue(created("I2J0I21PCUYOIK", "daily-2024-06-01-1717286400", paths));
        try (CloudFrontInvalidator cdn = invalidator()) {
            assertThat(cdn.invalidate(paths, "daily-2024-06-01-1717286400")).isEqualTo("I2J0I21PCUYOIK");
        }
        RecordedRequest request = cloudFront.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget()).isEqualTo("/2020-05-31/distribution/E2EXAMPLE/invalidation");
        String body = request.getBody().utf8();
        assertThat(body).contains("<CallerReference>daily-2024-06-01-1717286400</CallerReference>")
                .contains("<Quantity>2</Quantity>")
                .contains("<Path>/daily_txs/latest.json.gz</Path>", "<Path>/price_over_time/latest_7d.json.gz</Path>");
        assertThat(request.getHeaders().get("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/us-east-1/cloudfront/aws4_request")
                .doesNotContain(SECRET);
        assertThat(request.getHeaders().toString() + body).doesNotContain(SECRET);
    }

    @Test
    void aMissingDistributionIsAPermanentErrorNamingItAndWhatCloudFrontSaid() {
        cloudFront.enqueue(error(404, "NoSuchDistribution", "The specified distribution does not exist."));
        try (CloudFrontInvalidator cdn = invalidator()) {
            assertThatThrownBy(() -> cdn.invalidate(List.of("/a.json.gz"), "run-1"))
                    .isInstanceOfSatisfying(CloudFrontInvalidator.CdnException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("E2EXAMPLE").contains("HTTP 404").contains("NoSuchDistribution")
                                .contains("does not exist").contains("run-1").doesNotContain(SECRET);
                    });
        }
        assertThat(cloudFront.getRequestCount()).as("a permanent refusal is not retried").isEqualTo(1);
    }

    @Test
    void tooManyInvalidationsInProgressAndServerErrorsMayBeRetriedLater() {
        try (CloudFrontInvalidator cdn = invalidator()) {
            cloudFront.enqueue(error(400, "TooManyInvalidationsInProgress", "Processing your request will cause you to exceed"));
            assertThatThrownBy(() -> cdn.invalidate(List.of("/a.json.gz"), "run-2"))
                    .isInstanceOfSatisfying(CloudFrontInvalidator.CdnException.class, e -> assertThat(e.retryable()).isTrue());
            for (int i = 0; i < 10; i++) {
                cloudFront.enqueue(error(503, "ServiceUnavailable", "try later"));
            }
            assertThatThrownBy(() -> cdn.invalidate(List.of("/a.json.gz"), "run-3"))
                    .isInstanceOfSatisfying(CloudFrontInvalidator.CdnException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).contains("HTTP 503");
                    });
        }
    }

    @Test
    void pathsArePrefixedEncodedSortedOnceAndCollapseToOneWildcardAboveTheLimit() {
        assertThat(CloudFrontInvalidator.paths(List.of("b/latest.json.gz", "a/x y*.csv", "b/latest.json.gz"), "", 10))
                .containsExactly("/a/x%20y%2A.csv", "/b/latest.json.gz");
        assertThat(CloudFrontInvalidator.paths(List.of("b/latest.json.gz"), "datasets/", 10))
                .containsExactly("/datasets/b/latest.json.gz");
        assertThat(CloudFrontInvalidator.paths(List.of("a", "b", "c"), "datasets/", 2)).containsExactly("/datasets/*");
        assertThat(CloudFrontInvalidator.paths(List.of(), "", 2)).isEmpty();
        assertThatThrownBy(() -> CloudFrontInvalidator.builder("E2/../x")).hasMessageContaining("letters and digits");
    }
}
