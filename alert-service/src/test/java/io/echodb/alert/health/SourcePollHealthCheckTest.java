package io.echodb.alert.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

import io.echodb.alert.ClosedPort;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The source database cannot be reached: not ready, saying why; still alive. */
@QuarkusTest
@TestProfile(SourcePollHealthCheckTest.SourceOnClosedPort.class)
class SourcePollHealthCheckTest {

    /** Datasource on a port nothing listens on; default poll interval (the first poll runs at startup). */
    public static class SourceOnClosedPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + ClosedPort.pick() + "/nowhere");
        }
    }

    @Test
    void failedPollMakesTheServiceNotReadyWithTheErrorButKeepsItAlive() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'source-poll' }.status", is("DOWN"))
                .body("checks.find { it.name == 'source-poll' }.data.lastError", not(emptyOrNullString()))
                .body("checks.find { it.name == 'source-poll' }.data.lastFailure", not(emptyOrNullString())));

        given().get("/q/health/live").then().statusCode(200);
    }
}
