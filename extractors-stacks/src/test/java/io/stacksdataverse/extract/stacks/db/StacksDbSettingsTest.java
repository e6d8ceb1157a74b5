package io.stacksdataverse.extract.stacks.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.spi.LayeredConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StacksDbSettingsTest {

    @Test
    void defaults() {
        StacksDbSettings s = StacksDbSettings.read(LayeredConfig.ofMap(Map.of()));
        assertThat(s.url()).isEmpty();
        assertThat(s.user()).isEmpty();
        assertThat(s.password()).isEmpty();
        assertThat(s.statementTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(StacksDbSettings.read(LayeredConfig.of(Map.of(), Map.of(), StacksDbSettings.DECLARED))).isEqualTo(s);
    }

    @Test
    void explicitValues() {
        StacksDbSettings s = StacksDbSettings.read(LayeredConfig.ofMap(Map.of("STACKS_DB_URL", "jdbc:postgresql://db/api",
                "STACKS_DB_USER", "reader", "STACKS_DB_PASSWORD", "pw-123456", "STACKS_DB_STATEMENT_TIMEOUT", "0")));
        assertThat(s.url()).contains("jdbc:postgresql://db/api");
        assertThat(s.user()).contains("reader");
        assertThat(s.password().orElseThrow().reveal()).isEqualTo("pw-123456");
        assertThat(s.statementTimeout()).isZero();
        assertThatThrownBy(() -> StacksDbSettings.read(LayeredConfig.ofMap(Map.of("STACKS_DB_STATEMENT_TIMEOUT", "PT-1S"))))
                .hasMessageContaining("STACKS_DB_STATEMENT_TIMEOUT");
    }
}
