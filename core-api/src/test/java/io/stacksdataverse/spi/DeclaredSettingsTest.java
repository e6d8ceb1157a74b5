package io.stacksdataverse.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeclaredSettingsTest {
    private static final List<Setting> DECLARED = List.of(
            Setting.of("ACME_API_URL", "https://acme.example", "the Acme API"),
            Setting.secret("ACME_TOKEN_VALUE", "–", "an Acme credential whose name does not look like one"),
            Setting.optional("ACME_REGION", "every region", "limits the Acme datasets to one region"));

    @Test
    void declaredDefaultsApplyWhenUnset() {
        LayeredConfig config = LayeredConfig.of(Map.of(), Map.of(), DECLARED);
        assertThat(config.get("ACME_API_URL")).contains("https://acme.example");
        assertThat(config.get("ACME_REGION")).isEmpty();
    }

    @Test
    void describeListsEveryDeclaredSettingWithItsOrigin() {
        LayeredConfig config = LayeredConfig.of(
                Map.of("ACME_TOKEN_VALUE", "tok-123456", "PATH", "/usr/bin", "ACME_API_UR", "typo"),
                Map.of("ACME_REGION", "eu"), DECLARED);
        assertThat(config.describe()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ACME_API_URL", "https://acme.example (default)",
                "ACME_TOKEN_VALUE", "<redacted> (env)",
                "ACME_REGION", "eu (file)",
                "ACME_API_UR", "typo (env) (not declared)"));
    }

    @Test
    void aDeclaredSecretIsRedactedWhateverItsName() {
        LayeredConfig config = LayeredConfig.of(Map.of("ACME_TOKEN_VALUE", "tok-123456"), Map.of(), DECLARED);
        assertThat(config.redact("sent tok-123456")).isEqualTo("sent <redacted>");
    }

    @Test
    void aSettingDeclaredTwiceDifferentlyIsAnError() {
        assertThatThrownBy(() -> LayeredConfig.of(Map.of(), Map.of(),
                List.of(Setting.of("ACME_API_URL", "a", "x"), Setting.of("ACME_API_URL", "b", "x"))))
                .hasMessageContaining("ACME_API_URL");
    }

    @Test
    void namesAreUpperCase() {
        assertThatThrownBy(() -> Setting.of("acme_url", "a", "x")).hasMessageContaining("acme_url");
        assertThat(Setting.of("A_B", "v", "m").defaultShown()).isEqualTo("`v`");
        assertThat(Setting.optional("A_B", "none", "m").defaultShown()).isEqualTo("none");
    }
}
