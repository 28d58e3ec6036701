package io.echodb.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Delays between retries of PeerDB calls, with the replaced worker's fractional RETRY_BACKOFF. */
class PeerDbBackoffStrategyTest {

    @Test
    void delaysGrowByAFractionalFactorUpToTheCap() {
        assertThat(PeerDbBackoffStrategy.delayMillis(1000, 1.5, 10_000, 0)).isEqualTo(1000);
        assertThat(PeerDbBackoffStrategy.delayMillis(1000, 1.5, 10_000, 1)).isEqualTo(1500);
        assertThat(PeerDbBackoffStrategy.delayMillis(1000, 1.5, 10_000, 2)).isEqualTo(2250);
        assertThat(PeerDbBackoffStrategy.delayMillis(1000, 1.5, 10_000, 10)).isEqualTo(10_000);
        assertThat(PeerDbBackoffStrategy.delayMillis(1000, 1.0, 10_000, 5)).as("factor 1: constant").isEqualTo(1000);
    }

    @Test
    void jitterStaysWithinTwentyPercent() {
        assertThat(PeerDbBackoffStrategy.jittered(1000, 0.0)).isEqualTo(800);
        assertThat(PeerDbBackoffStrategy.jittered(1000, 0.5)).isEqualTo(1000);
        assertThat(PeerDbBackoffStrategy.jittered(1000, 0.999_999)).isEqualTo(1200);
        assertThat(PeerDbBackoffStrategy.jittered(0, 0.3)).isZero();
    }
}
