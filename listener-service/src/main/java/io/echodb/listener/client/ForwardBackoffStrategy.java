package io.echodb.listener.client;

import io.echodb.listener.config.ListenerConfig;
import io.echodb.listener.service.Backoff;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Delays between retries of the calls of {@link MirrorServiceClient}: {@code echodb.listener.forward.retry-delay ×
 * retry-backoff^n}, capped at {@code max-retry-delay}, ±20 % jitter. A custom strategy because the legacy
 * {@code RETRY_BACKOFF} multiplier is fractional (e.g. 1.5) and {@code @ExponentialBackoff} only takes integers.
 * SmallRye Fault Tolerance creates one instance per invocation.
 */
public class ForwardBackoffStrategy implements CustomBackoffStrategy {

    /** Largest relative deviation of a delay. */
    public static final double JITTER = 0.2;

    private final ListenerConfig.Forward config = ConfigProvider.getConfig()
            .unwrap(SmallRyeConfig.class)
            .getConfigMapping(ListenerConfig.class)
            .forward();
    private final AtomicInteger retries = new AtomicInteger();

    @Override
    public long nextDelayInMillis(Throwable cause) {
        long delay = Backoff.exponentialMillis(
                config.retryDelay(), config.retryBackoff(), retries.getAndIncrement(), config.maxRetryDelay());
        return Backoff.jitteredMillis(delay, JITTER, ThreadLocalRandom.current().nextDouble());
    }
}
