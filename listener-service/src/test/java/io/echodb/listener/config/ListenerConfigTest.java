package io.echodb.listener.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidatorImpl;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ListenerConfig} as SmallRye Config builds it at startup (same mapping, Quarkus' duration syntax,
 * Bean Validation on): defaults,
 * the values operators write, and invalid values failing with the setting's name; plus the checks across
 * settings of {@link ListenerConfigValidator}.
 */
class ListenerConfigTest {

    @Test
    void defaultsMatchTheDocumentation() {
        ListenerConfig config = build(Map.of());

        assertThat(config.settleDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.inventoryInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.noPrimaryKey()).isEqualTo(ListenerConfig.NoPrimaryKey.SKIP);
        assertThat(config.legacyChannel()).contains("peerdb_create_mirror");
        assertThat(ListenerConfigValidator.problems(config)).isEmpty();
    }

    @Test
    void operatorValuesAreUnderstood() {
        ListenerConfig config = build(Map.of(
                "echodb.listener.no-primary-key", "replica-identity-full",
                "echodb.listener.inventory-interval", "90",
                "echodb.listener.settle-delay", "0"));

        assertThat(config.noPrimaryKey()).isEqualTo(ListenerConfig.NoPrimaryKey.REPLICA_IDENTITY_FULL);
        assertThat(config.inventoryInterval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.settleDelay()).isZero();
    }

    @Test
    void anEmptyLegacyChannelDisablesIt() {
        assertThat(build(Map.of("echodb.listener.legacy-channel", "")).legacyChannel())
                .isEmpty();
    }

    @Test
    void invalidValuesNameTheirSetting() {
        assertInvalid("echodb.listener.no-primary-key", "maybe");
        assertInvalid("echodb.listener.inventory-interval", "0s");
        assertInvalid("echodb.listener.inventory-interval", "soon");
        assertInvalid("echodb.listener.settle-delay", "-1s");
        assertInvalid("echodb.listener.legacy-channel", "c".repeat(64));
        assertInvalid("echodb.listener.forward.retry-backoff", "0.5");
        assertInvalid("echodb.listener.max-reconnect-attempts", "-1");
        assertInvalid("echodb.listener.schemas", " ");
    }

    @Test
    void settingsThatContradictEachOtherAreNamedTogether() {
        ListenerConfig sameChannel = build(Map.of("echodb.listener.legacy-channel", "echodb_table_events"));
        ListenerConfig editedChannel =
                build(Map.of("echodb.listener.channel", "my_events", "echodb.listener.install-trigger", "true"));

        assertThat(ListenerConfigValidator.problems(sameChannel))
                .singleElement()
                .asString()
                .contains(
                        "echodb.listener.legacy-channel", "ECHODB_LISTENER_LEGACY_CHANNEL", "echodb.listener.channel");
        assertThat(ListenerConfigValidator.problems(editedChannel))
                .singleElement()
                .asString()
                .contains("echodb.listener.channel=my_events", "echodb.listener.install-trigger");
    }

    private static void assertInvalid(String key, String value) {
        assertThatThrownBy(() -> build(Map.of(key, value)))
                .as("%s=%s", key, value)
                .hasMessageContaining(key);
    }

    private static ListenerConfig build(Map<String, String> values) {
        Map<String, String> properties = new HashMap<>(values);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(ListenerConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withValidator(new BeanValidationConfigValidatorImpl())
                .withSources(new PropertiesConfigSource(properties, "test", 300))
                .addDefaultInterceptors()
                .build();
        return config.getConfigMapping(ListenerConfig.class);
    }
}
