package io.echodb.alert.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.echodb.alert.domain.Severity;
import io.echodb.alert.domain.SlackDestination;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigValidationException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AlertConfigValidatorTest {

    @Test
    void defaultsAreValidAndFollowDesignSection5() {
        AlertConfig config = AlertConfigs.alertConfig(Map.of());
        AlertConfig.Rules rules = config.rules();

        assertThat(new AlertConfigValidator(config).problems()).isEmpty();
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.repeatInterval()).isEqualTo(Duration.ofHours(4));
        assertThat(config.sendResolved()).isTrue();
        assertThat(config.sourceName()).isEqualTo("postgres_main");
        assertThat(rules.slotRetainedWal().warning().asLongValue()).isEqualTo(1024L * 1024 * 1024);
        assertThat(rules.slotRetainedWal().critical().asLongValue()).isEqualTo(5000L * 1024 * 1024);
        assertThat(rules.slotRetainedWal().forDuration()).isZero();
        assertThat(rules.slotConsumerStuck().forDuration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(rules.slotInactive().forDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(rules.slotWalStatus().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(rules.slotTimeToExhaustion().warning()).isEqualTo(Duration.ofHours(24));
        assertThat(rules.slotTimeToExhaustion().critical()).isEqualTo(Duration.ofHours(2));
        assertThat(rules.slotCapacity().threshold()).isEqualTo(80);
        assertThat(rules.mirrorFailed().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(rules.mirrorPaused().forDuration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(rules.mirrorStuck().forDuration()).isEqualTo(Duration.ofMinutes(60));
        assertThat(rules.mirrorStuck().states()).containsExactly("STATUS_SETUP", "STATUS_SNAPSHOT");
        assertThat(rules.openConnections().threshold()).isEqualTo(5);
        assertThat(rules.tableUnmirrored().forDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(rules.sourceUnreachable().forDuration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(rules.tableSkipped().enabled()).isTrue();
        assertThat(config.slack().webhookUrl()).isEmpty();
        assertThat(config.slack().apiUrl()).isEqualTo(URI.create("https://slack.com/api"));
    }

    @Test
    void environmentVariablesSetThresholdsDurationsSeveritiesAndFurtherSources() {
        AlertConfig config = AlertConfigs.alertConfig(
                Map.of(),
                Map.of(
                        "ECHODB_ALERT_RULES_SLOT_RETAINED_WAL_WARNING", "1M",
                        "ECHODB_ALERT_RULES_SLOT_RETAINED_WAL_CRITICAL", "2G",
                        "ECHODB_ALERT_RULES_SLOT_RETAINED_WAL_FOR", "0s",
                        "ECHODB_ALERT_RULES_SLOT_INACTIVE_FOR", "5m",
                        "ECHODB_ALERT_RULES_SLOT_INACTIVE_SEVERITY", "critical",
                        "ECHODB_ALERT_RULES_MIRROR_PAUSED_ENABLED", "false",
                        "ECHODB_ALERT_SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/fake",
                        "ECHODB_ALERT_SOURCES_ANALYTICS_URL", "postgresql://db2:5432/analytics",
                        "ECHODB_ALERT_SOURCES_ANALYTICS_PEERDB_USER", "peerdb"));

        assertThat(config.rules().slotRetainedWal().warning().asLongValue()).isEqualTo(1024L * 1024);
        assertThat(config.rules().slotRetainedWal().critical().asLongValue()).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(config.rules().slotInactive().forDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.rules().slotInactive().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(config.rules().mirrorPaused().enabled()).isFalse();
        assertThat(config.slack().webhookUrl()).contains(URI.create("https://hooks.slack.com/services/T0/B0/fake"));
        assertThat(config.sources()).containsOnlyKeys("analytics");
        assertThat(config.sources().get("analytics").url()).isEqualTo("postgresql://db2:5432/analytics");
        assertThat(config.sources().get("analytics").peerdbUser()).contains("peerdb");
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
    void everyInvalidSettingIsNamed() {
        assertThatThrownBy(() -> AlertConfigs.alertConfig(Map.of(
                        "echodb.alert.rules.slot-capacity.threshold", "120",
                        "echodb.alert.rules.slot-inactive.for", "-1s",
                        "echodb.alert.slack.bot-token", "xoxb-not-a-real-token")))
                .isInstanceOfSatisfying(
                        ConfigValidationException.class,
                        failure -> assertThat(problems(failure))
                                .anySatisfy(problem ->
                                        assertThat(problem).startsWith("echodb.alert.rules.slot-capacity.threshold"))
                                .anySatisfy(problem ->
                                        assertThat(problem).startsWith("echodb.alert.rules.slot-inactive.for"))
                                .allSatisfy(problem -> assertThat(problem).doesNotContain("xoxb-not-a-real-token")));
        AlertConfigValidator validator = new AlertConfigValidator(AlertConfigs.alertConfig(Map.of(
                "echodb.alert.rules.slot-time-to-exhaustion.critical", "48h",
                "echodb.alert.state.source", "nowhere",
                "echodb.alert.slack.bot-token", "xoxb-not-a-real-token",
                "echodb.alert.slack.critical.channel", "#pager")));

        assertThat(validator.problems())
                .anySatisfy(problem ->
                        assertThat(problem).startsWith("echodb.alert.rules.slot-time-to-exhaustion.critical"))
                .anySatisfy(problem -> assertThat(problem).startsWith("echodb.alert.state.source"))
                .anySatisfy(problem -> assertThat(problem).contains("warning alerts have no channel"))
                .allSatisfy(problem -> assertThat(problem).doesNotContain("xoxb-not-a-real-token"));
    }

    @Test
    void webhookThatIsNotAnHttpUrlIsRejectedWithoutShowingIt() {
        assertThatThrownBy(() -> AlertConfigs.alertConfig(Map.of(
                        "echodb.alert.slack.webhook-url", "hooks.slack.com/services/T0/B0/secret",
                        "echodb.alert.poll-interval", "0s")))
                .isInstanceOfSatisfying(
                        ConfigValidationException.class,
                        failure -> assertThat(problems(failure))
                                .anySatisfy(problem -> assertThat(problem).startsWith("echodb.alert.slack.webhook-url"))
                                .anySatisfy(problem -> assertThat(problem).startsWith("echodb.alert.poll-interval"))
                                .allSatisfy(problem -> assertThat(problem).doesNotContain("secret")))
                .message()
                .doesNotContain("secret");
    }

    @Test
    void criticalMentionMustBeSlackMentionsAndTheRunbookHasADefault() {
        assertInvalid("echodb.alert.slack.critical-mention", "@oncall");
        assertInvalid("echodb.alert.slack.critical-mention", "<!subteam^S01|oncall> hi");
        for (String mention : List.of("<!here>", "<!channel>", "<!subteam^S0123ABCD>", "<@U0123ABCD> <!here>")) {
            assertThat(AlertConfigs.alertConfig(Map.of("echodb.alert.slack.critical-mention", mention))
                            .slack()
                            .criticalMention())
                    .contains(mention);
        }
        assertThat(AlertConfigs.alertConfig(Map.of()).runbook()).hasToString(AlertConfig.DEFAULT_RUNBOOK_URL);
        assertThat(AlertConfigs.alertConfig(Map.of(), Map.of("ECHODB_ALERT_RUNBOOK_URL", ""))
                        .runbook())
                .hasToString(AlertConfig.DEFAULT_RUNBOOK_URL);
        assertThat(AlertConfigs.alertConfig(Map.of("echodb.alert.runbook-url", "https://wiki.example.invalid/rb#x"))
                        .runbook())
                .hasToString("https://wiki.example.invalid/rb");
    }

    @Test
    void singleValuesKeepTheirLimits() {
        assertInvalid("echodb.alert.poll-interval", "0s");
        assertInvalid("echodb.alert.repeat-interval", "-1s");
        assertInvalid("echodb.alert.rules.slot-time-to-exhaustion.rate-window", "0s");
        assertInvalid("echodb.alert.rules.slot-capacity.threshold", "0");
        assertInvalid("echodb.alert.rules.slot-capacity.threshold", "101");
        assertInvalid("echodb.alert.rules.open-connections.threshold", "-1");
        assertInvalid("echodb.alert.rules.mirror-stuck.states", "STATUS_SETUP,SNAPSHOT");
        assertInvalid("echodb.alert.rules.mirror-failed.for", "-1s");
        assertInvalid("echodb.alert.rules.table-skipped.repeat-interval", "-1s");
        assertInvalid("echodb.alert.peerdb.error-lines", "0");
        assertInvalid("echodb.alert.peerdb.error-lines", "51");
        assertInvalid("echodb.alert.peerdb.concurrency", "0");
        assertInvalid("echodb.alert.sources.analytics.url", "mysql://alert:secret@db2:3306/analytics");
        assertInvalid("echodb.alert.slack.timeout", "0s");
        assertInvalid("echodb.alert.slack.min-interval", "-1s");
        assertInvalid("echodb.alert.slack.backoff", "0s");
        assertInvalid("echodb.alert.slack.max-attempts", "0");
        assertInvalid("echodb.alert.slack.critical.webhook-url", "ftp://hooks.slack.com/services/T0/B0/secret");
        assertInvalid("echodb.alert.slack.warning.webhook-url", "/services/T0/B0/secret");
        assertInvalid("echodb.alert.slack.api-url", "slack.com/api");

        AlertConfig limits = AlertConfigs.alertConfig(Map.of(
                "echodb.alert.repeat-interval", "0s",
                "echodb.alert.rules.slot-capacity.threshold", "100",
                "echodb.alert.rules.open-connections.threshold", "0",
                "echodb.alert.rules.mirror-stuck.states", "STATUS_RESYNC",
                "echodb.alert.peerdb.error-lines", "50",
                "echodb.alert.slack.min-interval", "0s",
                "echodb.alert.slack.max-attempts", "1",
                "echodb.alert.sources.analytics.url", "postgresql://db2:5432/analytics",
                "echodb.alert.slack.webhook-url", "HTTPS://hooks.slack.com/services/T0/B0/fake"));
        assertThat(new AlertConfigValidator(limits).problems()).isEmpty();
    }

    private static void assertInvalid(String key, String value) {
        assertThatThrownBy(() -> AlertConfigs.alertConfig(Map.of(key, value)))
                .as("%s=%s", key, value)
                .isInstanceOfSatisfying(
                        ConfigValidationException.class,
                        failure -> assertThat(problems(failure))
                                .singleElement()
                                .asString()
                                .startsWith(key)
                                .doesNotContain("secret"));
    }

    private static List<String> problems(ConfigValidationException failure) {
        return IntStream.range(0, failure.getProblemCount())
                .mapToObj(i -> failure.getProblem(i).getMessage())
                .toList();
    }

    @Test
    void maskedWebhookKeepsOnlySchemeAndHost() {
        assertThat(SlackDestination.masked(URI.create("https://hooks.slack.com/services/T0/B0/secret")))
                .isEqualTo("https://hooks.slack.com/***");
        assertThat(SlackDestination.masked(URI.create("http://127.0.0.1:8099/services/T0/B0/secret")))
                .isEqualTo("http://127.0.0.1:8099/***");
    }
}
