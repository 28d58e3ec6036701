package io.echodb.listener.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.echodb.listener.metrics.ListenerMetrics;
import io.echodb.listener.testing.InjectMirrorServiceStub;
import io.echodb.listener.testing.Listening;
import io.echodb.listener.testing.Metrics;
import io.echodb.listener.testing.MirrorServiceStub;
import io.echodb.listener.testing.MirrorServiceStubTestResource;
import io.echodb.listener.testing.Sql;
import io.echodb.testing.PostgresTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forwarding failures: 5xx answers are retried ({@code quarkus.fault-tolerance.global.retry.max-retries=2} in
 * tests), 4xx answers are not, and an event that cannot be delivered never holds back the ones after it.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = MirrorServiceStubTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class TableEventForwarderTest {

    @InjectMirrorServiceStub
    MirrorServiceStub mirrorService;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void listening() {
        Listening.awaitReady();
    }

    @Test
    void undeliverableEventsAreRetriedThenDroppedAndLaterEventsStillArrive() {
        double failed = Metrics.counter(
                registry, ListenerMetrics.TABLE_EVENTS_FORWARDED, "outcome", "failed", "eligible", "true");

        Sql.run("CREATE TABLE public.fail_unavailable (id int PRIMARY KEY)");
        Sql.run("CREATE TABLE public.reject_refused (id int PRIMARY KEY)");
        Sql.run("CREATE TABLE public.after_failures (id int PRIMARY KEY)");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(mirrorService.acceptedEvent("public", "after_failures")).isPresent();
            assertThat(mirrorService.requestsFor("fail_unavailable"))
                    .hasSize(3)
                    .allMatch(request -> request.status() == 503);
            assertThat(mirrorService.requestsFor("reject_refused")).hasSize(1);
            assertThat(Metrics.counter(
                            registry, ListenerMetrics.TABLE_EVENTS_FORWARDED, "outcome", "failed", "eligible", "true"))
                    .isEqualTo(failed + 2);
        });
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
