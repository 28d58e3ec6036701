package io.echodb.mirror.client;

import io.echodb.mirror.config.MirrorConfig;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Delays between retries of PeerDB calls: the {@code @Retry} delay ({@code quarkus.fault-tolerance.global.retry.delay},
 * env {@code RETRY_DELAY}) times {@code echodb.mirror.peerdb.retry-backoff}{@code ^n} (env {@code RETRY_BACKOFF},
 * which may be fractional such as 1.5; SmallRye's {@code @ExponentialBackoff} only takes whole factors), capped at
 * {@code echodb.mirror.peerdb.max-retry-delay}, then spread by up to ±{@value #JITTER_FRACTION_PERCENT} % so that
 * many requests do not retry in step. SmallRye Fault Tolerance creates one instance per invocation.
 */
public class PeerDbBackoffStrategy implements CustomBackoffStrategy {

    /** Largest relative deviation of a delay, in percent. */
    public static final int JITTER_FRACTION_PERCENT = 20;

    private final MirrorConfig.PeerDb config = ConfigProvider.getConfig()
            .unwrap(SmallRyeConfig.class)
            .getConfigMapping(MirrorConfig.class)
            .peerdb();
    private final AtomicInteger retries = new AtomicInteger();
    private volatile long initialDelayMillis;

    @Override
    public void init(long initialDelayInMillis) {
        this.initialDelayMillis = initialDelayInMillis;
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        long delay = delayMillis(initialDelayMillis, config.retryBackoff(), config.maxRetryDelay().toMillis(),
                retries.getAndIncrement());
        return jittered(delay, ThreadLocalRandom.current().nextDouble());
    }

    /**
     * {@code initial × factor^retry}, at most {@code cap}.
     *
     * @param initial first delay, ms
     * @param factor growth per retry, ≥ 1
     * @param cap largest delay, ms
     * @param retry 0 for the delay before the first retry
     * @return the delay in whole milliseconds
     */
    static long delayMillis(long initial, double factor, long cap, int retry) {
        return (long) Math.min(initial * Math.pow(factor, retry), cap);
    }

    /**
     * {@code millis} moved by up to ±{@value #JITTER_FRACTION_PERCENT} %.
     *
     * @param random uniform in [0, 1)
     */
    static long jittered(long millis, double random) {
        double spread = millis * JITTER_FRACTION_PERCENT / 100.0 * (2 * random - 1);
        return Math.max(0, Math.round(millis + spread));
    }
}
