package io.echodb.mirror.health;

import static io.echodb.mirror.rest.TableEvents.created;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.echodb.mirror.PeerDbTestResource;
import io.echodb.mirror.domain.ManagedMirror;
import io.echodb.mirror.domain.MirrorState;
import io.echodb.mirror.service.MirrorRegistry;
import io.echodb.testing.peerdb.InjectPeerDbEmulator;
import io.echodb.testing.peerdb.PeerDbEmulator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PeerDB stopped: readiness goes DOWN and new mirrors fail after their retries, recorded with the error. */
@QuarkusTest
@TestProfile(PeerDbUnreachableTest.OwnEmulator.class)
@WithTestResource(PeerDbTestResource.class)
class PeerDbUnreachableTest {

    /** A profile of its own, so this class gets its own application and emulator, which it stops. */
    public static class OwnEmulator implements QuarkusTestProfile {}

    @InjectPeerDbEmulator
    PeerDbEmulator emulator;

    @ConfigProperty(name = "quarkus.rest-client.peerdb.url")
    String peerDbUrl;

    @Inject
    MirrorRegistry registry;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void stopPeerDb() {
        emulator.stop();
        registry.clear();
        breakers.resetAll();
    }

    @Test
    void readinessIsDownWithTheError() {
        given().when().get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.find { it.name == 'peerdb' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'peerdb' }.data.url", equalTo(peerDbUrl))
                .body("checks.find { it.name == 'peerdb' }.data.error", not(emptyOrNullString()));
    }

    private ManagedMirror failedMirrorFor(String table) {
        given().contentType(ContentType.JSON).body(created("public", table))
                .when().post("/api/v1/table-events")
                .then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> registry.mirror(table + "_mirror")
                .filter(mirror -> mirror.state() == MirrorState.FAILED).isPresent());
        return registry.mirror(table + "_mirror").orElseThrow();
    }

    private static double validateErrors() {
        return given().when().get("/q/metrics").then().extract().asString().lines()
                .filter(line -> line.startsWith(
                        "echodb_peerdb_request_seconds_count{operation=\"validate\",outcome=\"error\"}"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void eventIsRecordedAsFailedAfterRetries() {
        double errorsBefore = validateErrors();

        ManagedMirror failed = failedMirrorFor("orders");

        assertThat(failed.lastError()).contains("Connection refused");
        assertThat(validateErrors() - errorsBefore).as("one attempt and four retries").isEqualTo(5);
        assertThat(given().when().get("/q/metrics").then().extract().asString())
                .contains("echodb_mirrors_created_total{outcome=\"failed\"}");
    }

    @Test
    void repeatedFailuresOpenTheCircuitBreaker() {
        failedMirrorFor("first"); // 5 failed attempts
        failedMirrorFor("second"); // 10: half of the last 10 failed, the breaker opens

        ManagedMirror third = failedMirrorFor("third");

        assertThat(third.lastError()).contains("circuit breaker open");
    }
}
