package io.echodb.alert.client;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Refuses to start against a source older than PostgreSQL {@value SourceClient#MINIMUM_MAJOR_VERSION}. A source
 * that cannot be reached within {@link #TIMEOUT} is left to the polls, which refuse an old server the same way.
 */
@ApplicationScoped
class SourceVersionCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final SourceClients sources;

    SourceVersionCheck(SourceClients sources) {
        this.sources = sources;
    }

    void onStart(@Observes StartupEvent event) {
        for (SourceClient source : sources.all()) {
            String version;
            try {
                version = source.serverVersion().await().atMost(TIMEOUT);
            } catch (RuntimeException e) {
                Log.infof(
                        "Source %s not reachable at startup (%s); its polls will check its PostgreSQL version",
                        source.name(), e.getMessage());
                continue;
            }
            if (majorOf(version) < SourceClient.MINIMUM_MAJOR_VERSION) {
                throw new UnsupportedPostgresVersionException(source.name(), version);
            }
            Log.infof("Source %s runs PostgreSQL %s", source.name(), version);
        }
    }

    /** {@code "12.22"} → 12, {@code "18beta1"} → 18. */
    static int majorOf(String version) {
        int end = 0;
        while (end < version.length() && Character.isDigit(version.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(version.substring(0, end));
    }
}
