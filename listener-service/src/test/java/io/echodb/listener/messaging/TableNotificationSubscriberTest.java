package io.echodb.listener.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.echodb.listener.testing.InjectMirrorServiceStub;
import io.echodb.listener.testing.MirrorServiceStub;
import io.echodb.listener.testing.MirrorServiceStubTestResource;
import io.echodb.listener.testing.Sql;
import io.echodb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The LISTEN connection: readiness follows it, and it comes back after PostgreSQL kills it. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = MirrorServiceStubTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class TableNotificationSubscriberTest {

    private static final String LISTEN_BACKEND = "SELECT pid FROM pg_stat_activity "
            + "WHERE datname = current_database() AND application_name = 'echodb-listener' AND query LIKE 'LISTEN%'";
    private static final String CHECK = "checks.find { it.name == 'listener-connection' }";

    @InjectMirrorServiceStub
    MirrorServiceStub mirrorService;

    @Test
    void readinessReportsTheListenConnectionAndTheTrigger() {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body(CHECK + ".status", is("UP"))
                .body(CHECK + ".data.channel", is("echodb_table_events"))
                .body(CHECK + ".data.eventTrigger", is("INSTALLED")));
    }

    @Test
    void aKilledListenConnectionMakesTheServiceUnreadyUntilItReconnects() {
        await().atMost(Duration.ofSeconds(15)).until(() -> Sql.queryLong(LISTEN_BACKEND) > 0);
        long backend = Sql.queryLong(LISTEN_BACKEND);

        Sql.queryLong("SELECT pg_terminate_backend(" + backend + ")::int");

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> given()
                .when().get("/q/health/ready").then()
                .statusCode(503)
                .body(CHECK + ".status", is("DOWN")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .when().get("/q/health/ready").then()
                .statusCode(200));
        assertThat(Sql.queryLong(LISTEN_BACKEND)).isPositive().isNotEqualTo(backend);

        Sql.run("CREATE TABLE public.after_reconnect (id int PRIMARY KEY)");

        await().atMost(Duration.ofSeconds(15)).until(() -> mirrorService.acceptedEvent("public", "after_reconnect").isPresent());
    }
}
