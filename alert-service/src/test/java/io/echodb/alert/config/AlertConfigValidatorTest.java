package io.echodb.alert.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.StartupEvent;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertConfigValidatorTest {

    @Test
    void defaultsAreValid() {
        AlertConfig config = AlertConfigs.alertConfig(Map.of());

        assertThat(new AlertConfigValidator(config).problems()).isEmpty();
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.sourceName()).isEqualTo("postgres_main");
        assertThat(config.rules().slotRetainedWal().warning().asLongValue()).isEqualTo(1024L * 1024 * 1024);
        assertThat(config.rules().slotRetainedWal().critical().asLongValue()).isEqualTo(5000L * 1024 * 1024);
        assertThat(config.slack().webhookUrl()).isEmpty();
    }

    @Test
    void environmentVariablesSetTheThresholds() {
        AlertConfig config = AlertConfigs.alertConfig(Map.of(), Map.of(
                "ECHODB_ALERT_RULES_SLOT_RETAINED_WAL_WARNING", "1M",
                "ECHODB_ALERT_RULES_SLOT_RETAINED_WAL_CRITICAL", "2G",
                "ECHODB_ALERT_SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/fake"));

        assertThat(config.rules().slotRetainedWal().warning().asLongValue()).isEqualTo(1024L * 1024);
        assertThat(config.rules().slotRetainedWal().critical().asLongValue()).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(config.slack().webhookUrl()).contains(URI.create("https://hooks.slack.com/services/T0/B0/fake"));
    }

    @Test
    void warningAboveCriticalFailsStartupNamingBothSettings() {
        AlertConfigValidator validator = new AlertConfigValidator(AlertConfigs.alertConfig(Map.of(
                "echodb.alert.rules.slot-retained-wal.warning", "6G",
                "echodb.alert.rules.slot-retained-wal.critical", "5000M")));

        assertThatThrownBy(() -> validator.onStart(new StartupEvent()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("echodb.alert.rules.slot-retained-wal.warning")
                .hasMessageContaining("echodb.alert.rules.slot-retained-wal.critical");
    }

    @Test
    void webhookThatIsNotAnHttpUrlIsRejectedWithoutShowingIt() {
        AlertConfigValidator validator = new AlertConfigValidator(AlertConfigs.alertConfig(Map.of(
                "echodb.alert.slack.webhook-url", "hooks.slack.com/services/T0/B0/secret",
                "echodb.alert.poll-interval", "0s")));

        assertThat(validator.problems())
                .anySatisfy(problem -> assertThat(problem).startsWith("echodb.alert.slack.webhook-url"))
                .anySatisfy(problem -> assertThat(problem).startsWith("echodb.alert.poll-interval"))
                .allSatisfy(problem -> assertThat(problem).doesNotContain("secret"));
    }

    @Test
    void maskedWebhookKeepsOnlySchemeAndHost() {
        assertThat(AlertConfigValidator.masked(URI.create("https://hooks.slack.com/services/T0/B0/secret")))
                .isEqualTo("https://hooks.slack.com/***");
        assertThat(AlertConfigValidator.masked(URI.create("http://127.0.0.1:8099/services/T0/B0/secret")))
                .isEqualTo("http://127.0.0.1:8099/***");
    }
}
