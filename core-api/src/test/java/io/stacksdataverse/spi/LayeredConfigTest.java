package io.stacksdataverse.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredConfigTest {

    @Test
    void environmentWinsOverFileWhichWinsOverDefaults() {
        LayeredConfig config = LayeredConfig.of(
                Map.of("A", "env"),
                Map.of("A", "file", "B", "file"),
                Map.of("A", "default", "B", "default", "C", "default"));
        assertThat(config.get("A")).contains("env");
        assertThat(config.get("B")).contains("file");
        assertThat(config.get("C")).contains("default");
        assertThat(config.get("D")).isEmpty();
    }

    @Test
    void blankValuesFallThroughToTheNextLayer() {
        LayeredConfig config = LayeredConfig.of(Map.of("A", "  "), Map.of(), Map.of("A", "default"));
        assertThat(config.get("A")).contains("default");
    }

    @Test
    void readsTheFileNamedByDataverseConfig(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("my.properties");
        Files.writeString(file, "STACKS_API_URL=http://localhost:3999\nCRYPTOCOMPARE_API_KEY=abcd1234\n");
        LayeredConfig config = LayeredConfig.fromEnvironment(Map.of("DATAVERSE_CONFIG", file.toString()), Map.of());
        assertThat(config.get("STACKS_API_URL")).contains("http://localhost:3999");
        assertThat(config.secret("CRYPTOCOMPARE_API_KEY").orElseThrow().reveal()).isEqualTo("abcd1234");
        assertThat(config.describe()).containsEntry("CRYPTOCOMPARE_API_KEY", "<redacted> (file)")
                .containsEntry("STACKS_API_URL", "http://localhost:3999 (file)");
    }

    @Test
    void aMissingNamedFileIsAnError() {
        assertThatThrownBy(() -> LayeredConfig.fromEnvironment(Map.of("DATAVERSE_CONFIG", "/nonexistent/x.properties"), Map.of()))
                .hasMessageContaining("/nonexistent/x.properties");
    }

    @Test
    void redactsEverySecretValueAndItsUrlEncoding() {
        LayeredConfig config = LayeredConfig.ofMap(Map.of(
                "LUNARCRUSH_API_KEY", "s3cr3t/key+1",
                "DATAVERSE_DB_PASSWORD", "pw-123456",
                "STACKS_API_URL", "https://api.hiro.so"));
        String text = "GET https://x/?key=s3cr3t%2Fkey%2B1 failed; auth s3cr3t/key+1; db pw-123456 at https://api.hiro.so";
        assertThat(config.redact(text))
                .isEqualTo("GET https://x/?key=<redacted> failed; auth <redacted>; db <redacted> at https://api.hiro.so");
        assertThat(config.secret("LUNARCRUSH_API_KEY").orElseThrow().toString()).isEqualTo("<redacted>");
    }

    @Test
    void passwordsInsideUrlsAreSecretsToo() {
        LayeredConfig config = LayeredConfig.ofMap(Map.of(
                "DATAVERSE_DB_URL", "jdbc:postgresql://db:5432/w?user=u&password=hunter2pw",
                "DATAVERSE_S3_ENDPOINT", "https://minio:s3pass99@minio.local:9000",
                "STACKS_API_URL", "https://api.hiro.so"));
        assertThat(config.describe())
                .containsEntry("DATAVERSE_DB_URL", "jdbc:postgresql://db:5432/w?user=u&password=<redacted> (env)")
                .containsEntry("DATAVERSE_S3_ENDPOINT", "https://<redacted>@minio.local:9000 (env)")
                .containsEntry("STACKS_API_URL", "https://api.hiro.so (env)");
        assertThat(config.redact("connect failed: password hunter2pw, s3pass99")).isEqualTo("connect failed: password <redacted>, <redacted>");
    }

    @Test
    void typedGettersNameTheSettingOnBadValues() {
        LayeredConfig config = LayeredConfig.ofMap(Map.of("N", "x", "T", "PT2S", "S", "30", "B", "yes"));
        assertThatThrownBy(() -> config.getInt("N", 1)).hasMessageContaining("N").hasMessageContaining("'x'");
        assertThat(config.getDuration("T", Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.getDuration("S", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.getBoolean("B", false)).isTrue();
        assertThat(config.getInt("MISSING", 7)).isEqualTo(7);
    }

    @Test
    void secretNamesAreRecognised() {
        assertThat(LayeredConfig.isSecretName("CRYPTOCOMPARE_API_KEY")).isTrue();
        assertThat(LayeredConfig.isSecretName("DATAVERSE_S3_SECRET_ACCESS_KEY")).isTrue();
        assertThat(LayeredConfig.isSecretName("DATAVERSE_DB_PASSWORD")).isTrue();
        assertThat(LayeredConfig.isSecretName("DATAVERSE_ALERT_WEBHOOK_URL")).as("its path is the webhook's secret").isTrue();
        assertThat(LayeredConfig.isSecretName("STACKS_API_URL")).isFalse();
    }
}
