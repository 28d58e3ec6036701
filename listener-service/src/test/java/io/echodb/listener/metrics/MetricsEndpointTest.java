package io.echodb.listener.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.echodb.listener.testing.MirrorServiceStubTestResource;
import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.PrometheusScrape;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code /q/metrics} right after a start: every EchoDB family has a {@code # HELP} text, and the outcome series
 * the Prometheus rules watch with {@code increase()} (deploy/k8s/prometheus-rule.yaml) exist at 0, so that the
 * first failure after a start is an increase.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = MirrorServiceStubTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class MetricsEndpointTest {

    private static PrometheusScrape scrape() {
        return PrometheusScrape.parse(given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    @Test
    void failureSeriesExistAtZeroBeforeAnythingFailed() {
        PrometheusScrape scrape = scrape();

        for (String eligible : List.of("true", "false")) {
            assertThat(scrape.value("echodb_table_events_forwarded_total", "outcome", "failed", "eligible", eligible))
                    .as("forwarding failures, eligible=%s", eligible)
                    .contains(0.0);
            assertThat(scrape.value("echodb_table_events_forwarded_total", "outcome", "ok", "eligible", eligible))
                    .isPresent();
        }
        assertThat(scrape.value("echodb_inventory_sent_seconds_count", "outcome", "failed"))
                .contains(0.0);
        assertThat(scrape.value("echodb_inventory_sent_seconds_count", "outcome", "ok"))
                .isPresent();
        assertThat(scrape.value("echodb_replica_identity_changes_total", "outcome", "failed"))
                .contains(0.0);
        assertThat(scrape.value("echodb_publication_additions_total", "outcome", "failed"))
                .contains(0.0);
        assertThat(scrape.value("echodb_notifications_ignored_total", "reason", "lookup-failed"))
                .contains(0.0);
        assertThat(scrape.value("echodb_notifications_rejected_total", "reason", "malformed"))
                .contains(0.0);
        for (String problem : List.of("validation", "json_shape", "malformed_json")) {
            assertThat(scrape.value("echodb_api_requests_invalid_total", "problem", problem))
                    .as("invalid requests, problem=%s", problem)
                    .contains(0.0);
        }
    }

    @Test
    void everyEchoDbFamilyHasHelpText() {
        // Families as named in their # HELP lines: a counter echodb_x_total is family echodb_x.
        var help = scrape().helpOf("echodb_");

        assertThat(help.keySet())
                .contains(
                        "echodb_table_events_forwarded",
                        "echodb_table_events_published",
                        "echodb_inventory_sent_seconds",
                        "echodb_inventory_sent_seconds_max",
                        "echodb_inventory_tables",
                        "echodb_notifications_received",
                        "echodb_notifications_settled",
                        "echodb_api_requests_invalid");
        assertThat(help)
                .allSatisfy((family, text) -> assertThat(text)
                        .as("# HELP of %s, a description ending in its unit", family)
                        .isNotBlank()
                        .matches(".*; (count|seconds|bytes|boolean)"));
    }

    @Test
    void promtoolFindsHelpTextForEveryEchoDbFamily() {
        Optional<List<String>> findings = scrape().promtoolFindings();

        assertThat(findings.orElse(List.of()))
                .filteredOn(line -> line.startsWith("echodb_") && line.contains("no help text"))
                .isEmpty();
    }
}
