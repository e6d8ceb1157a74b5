package io.stacksdataverse.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretNamesTest {

    @Test
    void everySecretQueryParameterIsRemovedFromUrlsInConfigurationAndItsValueMasked() {
        for (String name : SecretNames.QUERY_PARAMETERS) {
            String url = "https://h.example/p?a=1&" + name.toUpperCase() + "=v4lue-of-" + name + "&z=2";
            assertThat(LayeredConfig.sanitize(url)).as(name)
                    .isEqualTo("https://h.example/p?a=1&" + name.toUpperCase() + "=<redacted>&z=2");
            LayeredConfig config = LayeredConfig.ofMap(Map.of("DATAVERSE_SOME_URL", url));
            assertThat(config.redact("echo v4lue-of-" + name)).as(name).isEqualTo("echo <redacted>");
        }
        assertThat(LayeredConfig.sanitize("https://h.example/p?keyring=1&monkey=2")).as("whole names only")
                .isEqualTo("https://h.example/p?keyring=1&monkey=2");
    }

    @Test
    void settingNamesAreSecretExactlyAsTheConfigurationTreatsThem() {
        Map<String, Boolean> names = Map.of("CRYPTOCOMPARE_API_KEY", true, "DATAVERSE_S3_SECRET_ACCESS_KEY", true,
                "DATAVERSE_S3_ACCESS_KEY_ID", true, "DATAVERSE_DB_PASSWORD", true, "LUNARCRUSH_TOKEN", true,
                "DATAVERSE_ALERT_WEBHOOK_URL", true, "STACKS_API_URL", false, "DATAVERSE_KEYSPACE", false);
        names.forEach((name, secret) -> {
            assertThat(SecretNames.isSecretSetting(name)).as(name).isEqualTo(secret);
            assertThat(LayeredConfig.isSecretName(name)).as(name).isEqualTo(secret);
            LayeredConfig config = LayeredConfig.ofMap(Map.of(name, "s3cr3t-value"));
            assertThat(config.redact("it was s3cr3t-value")).as(name)
                    .isEqualTo(secret ? "it was <redacted>" : "it was s3cr3t-value");
        });
    }

    @Test
    void secretHeadersAndShortValues() {
        assertThat(SecretNames.isSecretHeader("Authorization")).isTrue();
        assertThat(SecretNames.isSecretHeader("X-API-Key")).isTrue();
        assertThat(SecretNames.isSecretHeader("Accept")).isFalse();
        assertThat(new SecretMask(java.util.List.of("abc", "abcd")).apply("abc abcd"))
                .isEqualTo("abc " + Secret.REDACTED);
    }
}
