package io.echodb.listener.service;

import java.time.Duration;

/** Exponential backoff arithmetic shared by the LISTEN reconnect policy and the forwarding retry. */
public final class Backoff {

    private Backoff() {}

    /**
     * {@code base × factor^attempt}, at most {@code cap}.
     *
     * @param base delay of attempt 0
     * @param factor multiplier per attempt, ≥ 1
     * @param attempt 0 for the first delay
     * @param cap upper bound
     * @return the delay, in whole milliseconds
     */
    public static long exponentialMillis(Duration base, double factor, int attempt, Duration cap) {
        double millis = base.toMillis() * Math.pow(factor, Math.max(0, attempt));
        return (long) Math.min(millis, cap.toMillis());
    }

    /**
     * Spreads {@code millis} by up to ±{@code fraction} so that many clients do not retry in step.
     *
     * @param millis the delay to spread
     * @param fraction largest relative deviation, e.g. 0.2 for ±20 %
     * @param random a uniformly distributed number in [0, 1)
     * @return the spread delay in milliseconds, never negative
     */
    public static long jitteredMillis(long millis, double fraction, double random) {
        double spread = millis * fraction * (2 * random - 1);
        return Math.max(0, Math.round(millis + spread));
    }
}
