package io.echodb.listener.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void growsByTheFactorUpToTheCap() {
        Duration base = Duration.ofSeconds(1);
        Duration cap = Duration.ofSeconds(10);

        assertThat(Backoff.exponentialMillis(base, 2.0, 0, cap)).isEqualTo(1000);
        assertThat(Backoff.exponentialMillis(base, 2.0, 3, cap)).isEqualTo(8000);
        assertThat(Backoff.exponentialMillis(base, 2.0, 4, cap)).isEqualTo(10000);
        assertThat(Backoff.exponentialMillis(base, 1.5, 2, cap)).isEqualTo(2250);
        assertThat(Backoff.exponentialMillis(base, 2.0, 5000, cap)).isEqualTo(10000);
    }

    @Test
    void jitterStaysWithinTheFraction() {
        assertThat(Backoff.jitteredMillis(1000, 0.2, 0.0)).isEqualTo(800);
        assertThat(Backoff.jitteredMillis(1000, 0.2, 0.5)).isEqualTo(1000);
        assertThat(Backoff.jitteredMillis(1000, 0.2, 0.999999)).isEqualTo(1200);
        assertThat(Backoff.jitteredMillis(0, 0.2, 0.0)).isZero();
    }
}
