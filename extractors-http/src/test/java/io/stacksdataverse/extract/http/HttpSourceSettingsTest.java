package io.stacksdataverse.extract.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.spi.LayeredConfig;
import io.stacksdataverse.spi.Setting;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpSourceSettingsTest {
    private static final HttpSourceSettings.Source ACME = new HttpSourceSettings.Source("acme", "ACME",
            "https://api.acme.example", 2.5, "the Acme API", "–", "sent as `x-api-key`");

    @Test
    void defaults() {
        HttpSourceSettings s = ACME.read(LayeredConfig.ofMap(Map.of()));
        assertThat(s.baseUrl()).isEqualTo("https://api.acme.example");
        assertThat(s.apiKey()).isEmpty();
        assertThat(s.permitsPerSecond()).isEqualTo(2.5);
        assertThat(s.maxAttempts()).isEqualTo(4);
        assertThat(s.callTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void explicitValues() {
        HttpSourceSettings s = ACME.read(LayeredConfig.ofMap(Map.of(
                "ACME_API_URL", "http://localhost:9999/", "ACME_API_KEY", "key-1234", "ACME_RATE_LIMIT_PER_SECOND", "0.5",
                "ACME_MAX_ATTEMPTS", "7", "ACME_TIMEOUT", "PT2M", "ACME_READ_TIMEOUT", "5")));
        assertThat(s.baseUrl()).isEqualTo("http://localhost:9999/");
        assertThat(s.apiKey().orElseThrow().reveal()).isEqualTo("key-1234");
        assertThat(s.permitsPerSecond()).isEqualTo(0.5);
        assertThat(s.maxAttempts()).isEqualTo(7);
        assertThat(s.callTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> ACME.read(LayeredConfig.ofMap(Map.of("ACME_MAX_ATTEMPTS", "many"))))
                .hasMessageContaining("ACME_MAX_ATTEMPTS");
    }

    @Test
    void theDeclarationsGiveTheSameDefaultsAsTheReader() {
        LayeredConfig declaredOnly = LayeredConfig.of(Map.of(), Map.of(), ACME.settings());
        assertThat(ACME.settings()).extracting(Setting::name).containsExactly("ACME_API_URL", "ACME_API_KEY",
                "ACME_RATE_LIMIT_PER_SECOND", "ACME_MAX_ATTEMPTS", "ACME_TIMEOUT", "ACME_READ_TIMEOUT");
        assertThat(ACME.settings()).filteredOn(Setting::secret).extracting(Setting::name).containsExactly("ACME_API_KEY");
        assertThat(ACME.read(declaredOnly)).isEqualTo(ACME.read(LayeredConfig.ofMap(Map.of())));
        assertThat(declaredOnly.get("ACME_RATE_LIMIT_PER_SECOND")).contains("2.5");
    }
}
