package io.echodb.mirror.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.echodb.mirror.config.ConfigChecks;
import io.echodb.mirror.config.MirrorConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Invalid settings stop the service at startup with a message naming the setting(s). */
class MirrorServiceConfigTest {

    /** The defaults, with the given keys (as in application.properties, without the prefix) overridden. */
    private static MirrorConfig config(Map<String, Object> overrides) {
        Map<String, Object> values = new java.util.HashMap<>(Map.of(
                "strategy", MirrorConfig.Strategy.PER_TABLE,
                "schemas", List.of("public"),
                "mirror-name-template", "{table}_mirror",
                "shared-mirror-name-template", "{source}_{schema}",
                "destination-table-template", "{table}",
                "sync-interval", Duration.ofSeconds(60),
                "retry-backoff", 2.0));
        values.putAll(overrides);
        return new MirrorConfig() {
            public Strategy strategy() {
                return (Strategy) values.get("strategy");
            }

            @SuppressWarnings("unchecked")
            public List<String> schemas() {
                return (List<String>) values.get("schemas");
            }

            public String mirrorNameTemplate() {
                return (String) values.get("mirror-name-template");
            }

            public String sharedMirrorNameTemplate() {
                return (String) values.get("shared-mirror-name-template");
            }

            public String destinationTableTemplate() {
                return (String) values.get("destination-table-template");
            }

            public String destinationPeer() {
                return "clickhouse_analytics";
            }

            public boolean initialSnapshot() {
                return true;
            }

            public Duration syncInterval() {
                return (Duration) values.get("sync-interval");
            }

            public Optional<String> publicationName() {
                return Optional.empty();
            }

            public OnDrop onDrop() {
                return OnDrop.TERMINATE;
            }

            public Shared shared() {
                return new Shared() {
                    public Duration coalesceWindow() {
                        return Duration.ofSeconds(2);
                    }

                    public Duration busyRecheckInterval() {
                        return Duration.ofSeconds(10);
                    }
                };
            }

            public PeerDb peerdb() {
                return new PeerDb() {
                    public Duration readinessTimeout() {
                        return Duration.ofSeconds(2);
                    }

                    public Duration pollInterval() {
                        return Duration.ofSeconds(1);
                    }

                    public double retryBackoff() {
                        return (Double) values.get("retry-backoff");
                    }

                    public Duration maxRetryDelay() {
                        return Duration.ofSeconds(10);
                    }
                };
            }
        };
    }

    @Test
    void defaultsAreValid() {
        assertThat(ConfigChecks.check(config(Map.of())).mirrorName("postgres_main", "public", "orders"))
                .isEqualTo("orders_mirror");
    }

    @Test
    void unknownPlaceholderInMirrorTemplateFailsNamingTheSetting() {
        assertThatThrownBy(() -> ConfigChecks.check(config(Map.of("mirror-name-template", "{tabel}_mirror"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("echodb.mirror.mirror-name-template")
                .hasMessageContaining("{tabel}");
    }

    @Test
    void mirrorTemplateWithoutTableFails() {
        assertThatThrownBy(() -> ConfigChecks.check(config(Map.of("mirror-name-template", "{schema}_mirror"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("echodb.mirror.mirror-name-template");
    }

    @Test
    void emptyDestinationTemplateFailsNamingTheSetting() {
        assertThatThrownBy(() -> ConfigChecks.check(config(Map.of("destination-table-template", ""))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("echodb.mirror.destination-table-template");
    }

    @Test
    void sharedTemplateWithTableFailsNamingTheSetting() {
        assertThatThrownBy(() -> ConfigChecks.check(config(Map.of("shared-mirror-name-template", "{table}"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("echodb.mirror.shared-mirror-name-template");
    }

    @Test
    void severalSchemasWithTemplatesLackingSchemaFailNamingBothSettings() {
        assertThatThrownBy(() -> ConfigChecks.check(config(Map.of("schemas", List.of("public", "sales")))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("echodb.mirror.schemas")
                .hasMessageContaining("SYNC_SCHEMA")
                .hasMessageContaining("[public, sales]")
                .hasMessageContaining("echodb.mirror.mirror-name-template '{table}_mirror'")
                .hasMessageContaining("echodb.mirror.destination-table-template '{table}'")
                .hasMessageContaining("{schema}");
    }

    @Test
    void severalSchemasWorkWhenEveryTemplateHasSchema() {
        MirrorConfig config = config(Map.of("schemas", List.of("public", "sales"),
                "mirror-name-template", "{schema}_{table}_mirror", "destination-table-template", "{schema}_{table}"));

        assertThat(ConfigChecks.check(config).mirrorName("postgres_main", "sales", "orders"))
                .isEqualTo("sales_orders_mirror");
    }

    @Test
    void sharedStrategyChecksTheSharedTemplateForSchema() {
        assertThatThrownBy(() -> ConfigChecks.check(config(Map.of("schemas", List.of("public", "sales"),
                        "strategy", MirrorConfig.Strategy.SHARED, "shared-mirror-name-template", "{source}_all",
                        "destination-table-template", "{schema}_{table}"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("echodb.mirror.schemas")
                .hasMessageContaining("echodb.mirror.shared-mirror-name-template '{source}_all'")
                .hasMessageNotContaining("mirror-name-template '{table}_mirror'");
    }

    @Test
    void subSecondSyncIntervalFailsNamingTheSetting() {
        assertThatThrownBy(() -> ConfigChecks.check(config(Map.of("sync-interval", Duration.ofMillis(500)))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("echodb.mirror.sync-interval");
    }

    @Test
    void retryBackoffBelowOneFailsNamingTheLegacyVariable() {
        assertThatThrownBy(() -> ConfigChecks.check(config(Map.of("retry-backoff", 0.5))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("RETRY_BACKOFF");
    }
}
