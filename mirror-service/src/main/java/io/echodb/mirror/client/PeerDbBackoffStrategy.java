package io.echodb.mirror.client;

import io.echodb.common.retry.Backoff;
import io.echodb.common.retry.JitteredBackoffStrategy;
import io.echodb.mirror.config.MirrorConfig;
import io.smallrye.config.SmallRyeConfig;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Delays between retries of PeerDB calls: the {@code @Retry} delay ({@code quarkus.fault-tolerance.global.retry.delay},
 * env {@code RETRY_DELAY}) × {@code echodb.mirror.peerdb.retry-backoff}{@code ^n} (env {@code RETRY_BACKOFF}),
 * capped at {@code echodb.mirror.peerdb.max-retry-delay}, with {@link Backoff}'s jitter.
 */
public class PeerDbBackoffStrategy extends JitteredBackoffStrategy {

    private final MirrorConfig.PeerDb config = ConfigProvider.getConfig()
            .unwrap(SmallRyeConfig.class)
            .getConfigMapping(MirrorConfig.class)
            .peerdb();
    private volatile Duration initialDelay = Duration.ZERO;

    @Override
    public void init(long initialDelayInMillis) {
        this.initialDelay = Duration.ofMillis(initialDelayInMillis);
    }

    @Override
    protected Backoff backoff() {
        return new Backoff(initialDelay, config.retryBackoff(), config.maxRetryDelay());
    }
}
