package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    @Test
    void theDelayDoublesAfterEachFailureUpToTheMaximum() {
        RetryBackoff<Void> b = new RetryBackoff<>(Duration.ofMinutes(5), Duration.ofMinutes(30), 0, () -> 0.7);
        assertThat(b.delayAfter(1)).isEqualTo(Duration.ofMinutes(5));
        assertThat(b.delayAfter(2)).isEqualTo(Duration.ofMinutes(10));
        assertThat(b.delayAfter(3)).isEqualTo(Duration.ofMinutes(20));
        assertThat(b.delayAfter(4)).isEqualTo(Duration.ofMinutes(30));
        assertThat(b.delayAfter(40)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void jitterSpreadsEachDelayByTheGivenFractionAndNeverPastTheMaximum() {
        RetryBackoff<Void> low = new RetryBackoff<>(Duration.ofSeconds(100), Duration.ofSeconds(1000), 0.2, () -> 0.0);
        RetryBackoff<Void> mid = new RetryBackoff<>(Duration.ofSeconds(100), Duration.ofSeconds(1000), 0.2, () -> 0.5);
        RetryBackoff<Void> high = new RetryBackoff<>(Duration.ofSeconds(100), Duration.ofSeconds(1000), 0.2, () -> 0.75);
        assertThat(low.delayAfter(1)).isEqualTo(Duration.ofSeconds(80));
        assertThat(mid.delayAfter(1)).isEqualTo(Duration.ofSeconds(100));
        assertThat(high.delayAfter(2)).isEqualTo(Duration.ofSeconds(220));
        assertThat(high.delayAfter(5)).as("1,600 s capped before and after the spread").isEqualTo(Duration.ofSeconds(1000));
    }

    @Test
    void settingsOutsideTheirRangeAreRefused() {
        assertThat(new RetryBackoff<Void>(Duration.ofHours(2), Duration.ofHours(1), 0, () -> 0.5).delayAfter(3))
                .as("a first wait above the longest one raises the longest").isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> new RetryBackoff<Void>(Duration.ofMinutes(-5), Duration.ofMinutes(1), 0.2, () -> 0.5))
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> new RetryBackoff<Void>(Duration.ofMinutes(1), Duration.ofMinutes(5), Double.NaN, () -> 0.5))
                .hasMessageContaining("jitter must lie in [0, 1], got NaN");
        assertThatThrownBy(() -> new RetryBackoff<Void>(Duration.ofMinutes(1), Duration.ofMinutes(5), 1.5, () -> 0.5))
                .hasMessageContaining("jitter must lie in [0, 1], got 1.5");
    }
}
