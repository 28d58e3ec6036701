package io.echodb.mirror.service;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.echodb.mirror.config.MirrorConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Invalid settings stop the service at startup with a message naming the setting. */
class MirrorServiceConfigTest {

    private static MirrorConfig config(String mirrorTemplate, String destinationTemplate, Duration syncInterval) {
        return new MirrorConfig() {
            @Override
            public String mirrorNameTemplate() {
                return mirrorTemplate;
            }

            @Override
            public String destinationTableTemplate() {
                return destinationTemplate;
            }

            @Override
            public String destinationPeer() {
                return "clickhouse_analytics";
            }

            @Override
            public boolean initialSnapshot() {
                return true;
            }

            @Override
            public Duration syncInterval() {
                return syncInterval;
            }

            @Override
            public PeerDb peerdb() {
                return () -> Duration.ofSeconds(2);
            }
        };
    }

    @Test
    void unknownPlaceholderInMirrorTemplateFailsNamingTheSetting() {
        assertThatThrownBy(() -> new MirrorService(config("{tabel}_mirror", "{table}", Duration.ofSeconds(60)),
                null, null, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("echodb.mirror.mirror-name-template")
                .hasMessageContaining("{tabel}");
    }

    @Test
    void mirrorTemplateWithoutTableFails() {
        assertThatThrownBy(() -> new MirrorService(config("{schema}_mirror", "{table}", Duration.ofSeconds(60)),
                null, null, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("echodb.mirror.mirror-name-template");
    }

    @Test
    void emptyDestinationTemplateFailsNamingTheSetting() {
        assertThatThrownBy(() -> new MirrorService(config("{table}_mirror", "", Duration.ofSeconds(60)),
                null, null, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("echodb.mirror.destination-table-template");
    }

    @Test
    void subSecondSyncIntervalFailsNamingTheSetting() {
        assertThatThrownBy(() -> new MirrorService(config("{table}_mirror", "{table}", Duration.ofMillis(500)),
                null, null, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("echodb.mirror.sync-interval");
    }
}
