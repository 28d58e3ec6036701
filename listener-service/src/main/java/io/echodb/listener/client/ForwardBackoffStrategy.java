package io.echodb.listener.client;

import io.echodb.common.retry.Backoff;
import io.echodb.common.retry.JitteredBackoffStrategy;
import io.echodb.listener.config.ListenerConfig;
import io.smallrye.config.SmallRyeConfig;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Delays between retries of the calls of {@link MirrorServiceClient}: {@code echodb.listener.forward.retry-delay ×
 * retry-backoff^n}, capped at {@code max-retry-delay}, with {@link Backoff}'s jitter.
 */
public class ForwardBackoffStrategy extends JitteredBackoffStrategy {

    private final ListenerConfig.Forward config = ConfigProvider.getConfig()
            .unwrap(SmallRyeConfig.class)
            .getConfigMapping(ListenerConfig.class)
            .forward();

    @Override
    protected Backoff backoff() {
        return new Backoff(config.retryDelay(), config.retryBackoff(), config.maxRetryDelay());
    }
}
