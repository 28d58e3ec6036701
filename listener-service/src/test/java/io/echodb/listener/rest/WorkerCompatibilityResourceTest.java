package io.echodb.listener.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.echodb.listener.testing.InjectMirrorServiceStub;
import io.echodb.listener.testing.MirrorServiceStub;
import io.echodb.listener.testing.MirrorServiceStubTestResource;
import io.echodb.listener.testing.Sql;
import io.echodb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The replaced worker's {@code /health}, {@code /ready} and {@code /metrics} on the main HTTP port. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = MirrorServiceStubTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class WorkerCompatibilityResourceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String LISTEN_BACKEND = "SELECT pid FROM pg_stat_activity "
            + "WHERE datname = current_database() AND application_name = 'echodb-listener' AND query LIKE 'LISTEN%'";

    @InjectMirrorServiceStub
    MirrorServiceStub mirrorService;

    @Test
    void healthAndReadyAnswerLikeTheWorker() {
        given().when()
                .get("/health")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("status", is("healthy"));
        await().atMost(TIMEOUT)
                .untilAsserted(() -> given().when()
                        .get("/ready")
                        .then()
                        .statusCode(200)
                        .body("status", is("ready"))
                        .body("connected", is(true)));
    }

    @Test
    void readyFollowsTheListenConnection() {
        await().atMost(TIMEOUT).until(() -> Sql.queryLong(LISTEN_BACKEND) > 0);

        Sql.queryLong("SELECT pg_terminate_backend(" + Sql.queryLong(LISTEN_BACKEND) + ")::int");

        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> given().when()
                        .get("/ready")
                        .then()
                        .statusCode(503)
                        .body("status", is("not ready"))
                        .body("connected", is(false)));
        given().when().get("/health").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().when().get("/ready").then().statusCode(200));
        given().when()
                .get("/metrics")
                .then()
                .body(
                        "last_error",
                        allOf(
                                startsWith("LISTEN connection to "),
                                endsWith(PostgresTestResource.database() + " lost")));
    }

    @Test
    void metricsCountMirrorsHandedOnAndFailedFromTheSameMeters() {
        await().atMost(TIMEOUT)
                .untilAsserted(() -> given().when()
                        .get("/metrics")
                        .then()
                        .statusCode(200)
                        .body("running", is(true))
                        .body("connected", is(true)));
        JsonPath before = given().when().get("/metrics").then().extract().jsonPath();

        Sql.run("CREATE TABLE public.worker_metrics_ok (id int PRIMARY KEY)");
        Sql.run("CREATE TABLE public.fail_worker_metrics (id int PRIMARY KEY)");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            JsonPath after = given().when()
                    .get("/metrics")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(after.getLong("mirrors_created")).isEqualTo(before.getLong("mirrors_created") + 1);
            assertThat(after.getLong("mirrors_failed")).isEqualTo(before.getLong("mirrors_failed") + 1);
            assertThat(after.getString("last_error")).contains("public.fail_worker_metrics");
        });
        assertThat(mirrorService.acceptedEvent("public", "worker_metrics_ok")).isPresent();
        given().when().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void metricsNameEveryFieldOfTheWorker() {
        JsonPath body =
                given().when().get("/metrics").then().statusCode(200).extract().jsonPath();

        assertThat(body.getMap(""))
                .containsOnlyKeys("running", "connected", "mirrors_created", "mirrors_failed", "last_error");
    }
}
