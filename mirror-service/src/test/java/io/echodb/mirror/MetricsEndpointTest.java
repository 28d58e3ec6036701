package io.echodb.mirror;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.echodb.mirror.rest.Inventories;
import io.echodb.testing.PrometheusScrape;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code /q/metrics} of a fresh start (its own application and emulator): every EchoDB family has a
 * {@code # HELP} text, and the outcome series the Prometheus rules watch with {@code increase()}
 * (deploy/k8s/prometheus-rule.yaml) exist at 0, so that the first failure after a start is an increase.
 */
@QuarkusTest
@WithTestResource(value = PeerDbTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class MetricsEndpointTest extends EmulatorTest {

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

        for (String outcome : List.of("failed", "rejected", "created", "already_exists")) {
            assertThat(scrape.value("echodb_mirrors_created_total", "outcome", outcome))
                    .as("mirror creations, outcome=%s", outcome)
                    .contains(0.0);
        }
        assertThat(scrape.value("echodb_mirrors_retired_total", "reason", "gone"))
                .contains(0.0);
        assertThat(scrape.value("echodb_peerdb_request_seconds_count", "operation", "create", "outcome", "error"))
                .contains(0.0);
        assertThat(scrape.value("echodb_dead_letters")).contains(0.0);
        for (String problem : List.of("validation", "json_shape", "malformed_json")) {
            assertThat(scrape.value("echodb_api_requests_invalid_total", "problem", problem))
                    .as("invalid requests, problem=%s", problem)
                    .contains(0.0);
        }
    }

    @Test
    void aSourcesConvergenceErrorsExistAtZeroFromItsFirstInventory() {
        put(Inventories.now());

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(scrape().value(
                                        "echodb_convergence_seconds_count",
                                        "source",
                                        "postgres_main",
                                        "outcome",
                                        "success"))
                        .hasValueSatisfying(count -> assertThat(count).isPositive()));
        PrometheusScrape scrape = scrape();
        assertThat(scrape.value("echodb_convergence_seconds_count", "source", "postgres_main", "outcome", "error"))
                .contains(0.0);
        assertThat(scrape.value("echodb_convergence_seconds_count", "source", "postgres_main", "outcome", "stale"))
                .contains(0.0);
    }

    @Test
    void everyEchoDbFamilyHasHelpText() {
        // Families as named in their # HELP lines: a counter echodb_x_total is family echodb_x.
        var help = scrape().helpOf("echodb_");

        assertThat(help.keySet())
                .contains(
                        "echodb_mirrors_created",
                        "echodb_mirrors_retired",
                        "echodb_table_events_received",
                        "echodb_peerdb_request_seconds",
                        "echodb_peerdb_request_seconds_max",
                        "echodb_dead_letters",
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
