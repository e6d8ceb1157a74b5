package io.stacksdataverse.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void theWaitDoublesAfterEachFailureUpToTheLongest() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), Backoff.Jitter.NONE);
        assertThat(b.delayAfter(1, 0.3)).isEqualTo(Duration.ofMillis(500));
        assertThat(b.delayAfter(2, 0.3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delayAfter(7, 0.3)).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.delayAfter(10_000, 0.3)).as("no overflow").isEqualTo(Duration.ofSeconds(30));
        assertThat(new Backoff(Duration.ZERO, Duration.ZERO, Backoff.Jitter.EQUAL).delayAfter(3, 0.9)).isZero();
    }

    @Test
    void equalJitterStaysWithinTheUpperHalf() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), Backoff.Jitter.EQUAL);
        assertThat(b.delayAfter(1, 0.0)).isEqualTo(Duration.ofMillis(50));
        assertThat(b.delayAfter(1, 0.999)).isEqualTo(Duration.ofMillis(99));
        assertThat(b.delayAfter(3, 0.5)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void symmetricJitterSpreadsBothWaysButNeverPastTheLongest() {
        Backoff b = new Backoff(Duration.ofSeconds(100), Duration.ofSeconds(1000), Backoff.Jitter.symmetric(0.2));
        assertThat(b.delayAfter(1, 0.0)).isEqualTo(Duration.ofSeconds(80));
        assertThat(b.delayAfter(2, 0.75)).isEqualTo(Duration.ofSeconds(220));
        assertThat(b.delayAfter(5, 0.99)).isEqualTo(Duration.ofSeconds(1000));
        assertThatThrownBy(() -> Backoff.Jitter.symmetric(1.5)).hasMessageContaining("got 1.5");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(-1), Duration.ZERO, Backoff.Jitter.NONE))
                .hasMessageContaining("must not be negative");
    }
}
