package io.echodb.mirror.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidatorImpl;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link MirrorConfig} as SmallRye Config builds it at startup (same mapping, Quarkus' duration syntax, Bean
 * Validation on): invalid settings fail naming the setting; settings that contradict each other fail in
 * {@link MirrorConfigValidator} naming them all.
 */
class MirrorConfigTest {

    @Test
    void defaultsAreValid() {
        assertThat(MirrorConfigValidator.check(build(Map.of())).mirrorName("postgres_main", "public", "orders"))
                .isEqualTo("orders_mirror");
    }

    @Test
    void unknownPlaceholderInMirrorTemplateFailsNamingTheSetting() {
        assertThatThrownBy(() -> build(Map.of("echodb.mirror.mirror-name-template", "{tabel}_mirror")))
                .hasMessageContaining("echodb.mirror.mirror-name-template")
                .hasMessageContaining("{tabel}");
    }

    @Test
    void mirrorTemplateWithoutTableFails() {
        assertThatThrownBy(() -> build(Map.of("echodb.mirror.mirror-name-template", "{schema}_mirror")))
                .hasMessageContaining("echodb.mirror.mirror-name-template")
                .hasMessageContaining("{table}");
    }

    @Test
    void emptyDestinationTemplateFailsNamingTheSetting() {
        assertThatThrownBy(() -> build(Map.of("echodb.mirror.destination-table-template", " ")))
                .hasMessageContaining("echodb.mirror.destination-table-template");
    }

    @Test
    void sharedTemplateWithTableFailsNamingTheSetting() {
        assertThatThrownBy(() -> build(Map.of("echodb.mirror.shared-mirror-name-template", "{table}")))
                .hasMessageContaining("echodb.mirror.shared-mirror-name-template");
    }

    @Test
    void severalSchemasWithTemplatesLackingSchemaFailNamingBothSettings() {
        MirrorConfig config = build(Map.of("echodb.mirror.schemas", "public,sales"));

        assertThatThrownBy(() -> MirrorConfigValidator.check(config))
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
        MirrorConfig config = build(Map.of(
                "echodb.mirror.schemas",
                "public,sales",
                "echodb.mirror.mirror-name-template",
                "{schema}_{table}_mirror",
                "echodb.mirror.destination-table-template",
                "{schema}_{table}"));

        assertThat(MirrorConfigValidator.check(config).mirrorName("postgres_main", "sales", "orders"))
                .isEqualTo("sales_orders_mirror");
    }

    @Test
    void sharedStrategyChecksTheSharedTemplateForSchema() {
        MirrorConfig config = build(Map.of(
                "echodb.mirror.schemas",
                "public,sales",
                "echodb.mirror.strategy",
                "shared",
                "echodb.mirror.shared-mirror-name-template",
                "{source}_all",
                "echodb.mirror.destination-table-template",
                "{schema}_{table}"));

        assertThatThrownBy(() -> MirrorConfigValidator.check(config))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("echodb.mirror.schemas")
                .hasMessageContaining("echodb.mirror.shared-mirror-name-template '{source}_all'")
                .hasMessageNotContaining("mirror-name-template '{table}_mirror'");
    }

    @Test
    void subSecondSyncIntervalFailsNamingTheSetting() {
        assertThatThrownBy(() -> build(Map.of("echodb.mirror.sync-interval", "500ms")))
                .hasMessageContaining("echodb.mirror.sync-interval")
                .hasMessageContaining("at least 1s");
    }

    @Test
    void retryBackoffBelowOneFailsNamingTheLegacyVariable() {
        assertThatThrownBy(() -> build(Map.of("echodb.mirror.peerdb.retry-backoff", "0.5")))
                .hasMessageContaining("echodb.mirror.peerdb.retry-backoff")
                .hasMessageContaining("RETRY_BACKOFF");
    }

    @Test
    void nonPositiveDurationsFailNamingTheSetting() {
        for (String key : new String[] {
            "echodb.mirror.peerdb.max-retry-delay",
            "echodb.mirror.peerdb.poll-interval",
            "echodb.mirror.shared.coalesce-window",
            "echodb.mirror.shared.busy-recheck-interval"
        }) {
            assertThatThrownBy(() -> build(Map.of(key, "0s"))).as(key).hasMessageContaining(key);
        }
    }

    @Test
    void aListOfNoSchemaFailsNamingTheSetting() {
        assertThatThrownBy(() -> build(Map.of("echodb.mirror.schemas", " ")))
                .hasMessageContaining("echodb.mirror.schemas");
    }

    private static MirrorConfig build(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withMapping(MirrorConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withValidator(new BeanValidationConfigValidatorImpl())
                .withSources(new PropertiesConfigSource(new HashMap<>(values), "test", 300))
                .addDefaultInterceptors()
                .build()
                .getConfigMapping(MirrorConfig.class);
    }
}
