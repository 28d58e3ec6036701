package io.echodb.alert.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.echodb.alert.ClosedPort;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The source database cannot be reached: not ready, saying which target and why; still alive. */
@QuarkusTest
@TestProfile(SourcePollHealthCheckTest.SourceOnClosedPort.class)
class SourcePollHealthCheckTest {

    /** Datasource and PeerDB on ports nothing listens on; default poll interval (the first poll runs at startup). */
    public static class SourceOnClosedPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + ClosedPort.pick() + "/nowhere",
                    "quarkus.rest-client.peerdb.url", "http://127.0.0.1:" + ClosedPort.pick());
        }
    }

    @Test
    void failedPollsMakeTheServiceNotReadyNamingEachTargetButKeepItAlive() {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/q/health/ready")
                        .then()
                        .statusCode(503)
                        .body("checks.find { it.name == 'source-poll' }.status", is("DOWN"))
                        .body("checks.find { it.name == 'source-poll' }.data.postgres_main", startsWith("DOWN since "))
                        .body("checks.find { it.name == 'source-poll' }.data.peerdb", startsWith("DOWN since "))
                        .body("checks.find { it.name == 'alert-state' }.status", is("DOWN")));

        given().get("/q/health/live").then().statusCode(200);
    }
}
