package io.echodb.common.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one retry delay rule of EchoDB: {@code base × factor^attempt}, at most {@code cap}, then spread by up to
 * ±{@value #JITTER_PERCENT} % so that many clients do not retry in step. Used for the LISTEN reconnect and by
 * every {@link JitteredBackoffStrategy}.
 *
 * @param base delay of attempt 0, &gt; 0
 * @param factor multiplier per attempt, ≥ 1 (may be fractional, e.g. 1.5)
 * @param cap largest delay before jitter, ≥ base
 */
public record Backoff(Duration base, double factor, Duration cap) {

    /** Largest relative deviation of a delay, in percent. */
    public static final int JITTER_PERCENT = 20;

    /**
     * The delay before retry {@code attempt}, jittered.
     *
     * @param attempt 0 for the first delay
     * @return milliseconds, never negative
     */
    public long delayMillis(int attempt) {
        return jitteredMillis(
                exponentialMillis(attempt), ThreadLocalRandom.current().nextDouble());
    }

    /**
     * {@code base × factor^attempt}, at most {@code cap}, without jitter.
     *
     * @param attempt 0 for the first delay
     * @return whole milliseconds
     */
    public long exponentialMillis(int attempt) {
        double millis = base.toMillis() * Math.pow(factor, Math.max(0, attempt));
        return (long) Math.min(millis, cap.toMillis());
    }

    /**
     * {@code millis} moved by up to ±{@value #JITTER_PERCENT} %.
     *
     * @param random uniform in [0, 1); 0.5 leaves the delay as it is
     * @return milliseconds, never negative
     */
    public static long jitteredMillis(long millis, double random) {
        double spread = millis * JITTER_PERCENT / 100.0 * (2 * random - 1);
        return Math.max(0, Math.round(millis + spread));
    }
}
