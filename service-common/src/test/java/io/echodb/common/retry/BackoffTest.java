package io.echodb.common.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Backoff DOUBLING = new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10));

    @Test
    void growsByTheFactorUpToTheCap() {
        assertThat(DOUBLING.exponentialMillis(0)).isEqualTo(1000);
        assertThat(DOUBLING.exponentialMillis(3)).isEqualTo(8000);
        assertThat(DOUBLING.exponentialMillis(4)).isEqualTo(10_000);
        assertThat(DOUBLING.exponentialMillis(5000)).as("no overflow").isEqualTo(10_000);
        assertThat(new Backoff(Duration.ofSeconds(1), 1.5, Duration.ofSeconds(10)).exponentialMillis(2))
                .as("fractional factor")
                .isEqualTo(2250);
        assertThat(new Backoff(Duration.ofSeconds(1), 1.0, Duration.ofSeconds(10)).exponentialMillis(5))
                .as("factor 1: constant")
                .isEqualTo(1000);
    }

    @Test
    void jitterSpreadsByAtMostTwentyPercent() {
        assertThat(Backoff.jitteredMillis(1000, 0.0)).isEqualTo(800);
        assertThat(Backoff.jitteredMillis(1000, 0.5)).isEqualTo(1000);
        assertThat(Backoff.jitteredMillis(1000, 0.999_999)).isEqualTo(1200);
        assertThat(Backoff.jitteredMillis(0, 0.3)).isZero();
        for (int attempt = 0; attempt < 8; attempt++) {
            long exact = DOUBLING.exponentialMillis(attempt);
            assertThat(DOUBLING.delayMillis(attempt)).isBetween(exact * 8 / 10, exact * 12 / 10);
        }
    }
}
