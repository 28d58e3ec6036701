package io.echodb.common.retry;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SmallRye Fault Tolerance {@code @CustomBackoff} strategy delaying retries by a {@link Backoff} read from
 * configuration. A custom strategy because EchoDB's factors may be fractional (e.g. 1.5) and
 * {@code @ExponentialBackoff} takes whole factors only. SmallRye creates one instance per invocation.
 */
public abstract class JitteredBackoffStrategy implements CustomBackoffStrategy {

    private final AtomicInteger retries = new AtomicInteger();

    /** The delay rule, from the service's configuration; read once per invocation. */
    protected abstract Backoff backoff();

    @Override
    public long nextDelayInMillis(Throwable cause) {
        return backoff().delayMillis(retries.getAndIncrement());
    }
}
