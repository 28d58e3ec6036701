package io.echodb.alert.service;

import static io.echodb.alert.SourceFixture.createSlot;
import static io.echodb.alert.SourceFixture.dropSlots;
import static io.echodb.alert.SourceFixture.metrics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.echodb.alert.FastAlerting;
import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.PrometheusScrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /q/metrics} of a fresh start (its own profile, so its own application): every EchoDB family has a
 * {@code # HELP} text, and the outcome series the Prometheus rules watch with {@code increase()}
 * (deploy/k8s/prometheus-rule.yaml) exist at 0, so that the first failure after a start is an increase.
 */
@QuarkusTest
@TestProfile(MetricsEndpointTest.Profile.class)
@WithTestResource(PostgresTestResource.class)
class MetricsEndpointTest {

    private static final String SLOT = "metrics_help_slot";

    /** {@link FastAlerting}, in an application of its own. */
    public static class Profile extends FastAlerting {}

    @AfterEach
    void cleanUp() {
        dropSlots(SLOT);
    }

    @Test
    void failureSeriesExistAtZeroBeforeAnythingFailed() {
        PrometheusScrape scrape = PrometheusScrape.parse(metrics());

        for (String outcome : List.of("sent", "failed", "logged")) {
            assertThat(scrape.value("echodb_alert_notifications_total", "outcome", outcome))
                    .as("notifications, outcome=%s", outcome)
                    .contains(0.0);
        }
        assertThat(scrape.value("echodb_alert_poll_seconds_count", "target", "postgres_main", "outcome", "failure"))
                .contains(0.0);
        assertThat(scrape.value("echodb_alert_slack_failing")).contains(0.0);
        for (String problem : List.of("validation", "json_shape", "malformed_json")) {
            assertThat(scrape.value("echodb_api_requests_invalid_total", "problem", problem))
                    .as("invalid requests, problem=%s", problem)
                    .contains(0.0);
        }
    }

    @Test
    void everyEchoDbFamilyHasHelpText() {
        createSlot(SLOT);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> PrometheusScrape.parse(metrics())
                        .value("echodb_slot_active", "slot", SLOT)
                        .isPresent());

        // Families as named in their # HELP lines: a counter echodb_x_total is family echodb_x.
        Map<String, String> help = PrometheusScrape.parse(metrics()).helpOf("echodb_");

        assertThat(help.keySet())
                .contains(
                        "echodb_slot_retained_wal_bytes",
                        "echodb_slot_active",
                        "echodb_slot_wal_status",
                        "echodb_alert_notifications",
                        "echodb_alert_slack_failing",
                        "echodb_alert_poll_seconds",
                        "echodb_alert_poll_seconds_max",
                        "echodb_alert_source_queries",
                        "echodb_api_requests_invalid");
        assertThat(help)
                .allSatisfy((family, text) -> assertThat(text)
                        .as("# HELP of %s, a description ending in its unit", family)
                        .isNotBlank()
                        .matches(".*; (count|seconds|bytes|boolean)"));
    }

    @Test
    void promtoolFindsHelpTextForEveryEchoDbFamily() {
        Optional<List<String>> findings = PrometheusScrape.parse(metrics()).promtoolFindings();

        assertThat(findings.orElse(List.of()))
                .filteredOn(line -> line.startsWith("echodb_") && line.contains("no help text"))
                .isEmpty();
    }
}
