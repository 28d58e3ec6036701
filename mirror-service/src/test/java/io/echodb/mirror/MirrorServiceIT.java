package io.echodb.mirror;

import static io.echodb.mirror.rest.TableEvents.created;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.echodb.testing.TestPostgres;
import io.echodb.testing.peerdb.FlowStatus;
import io.echodb.testing.peerdb.InjectPeerDbEmulator;
import io.echodb.testing.peerdb.PeerDbEmulator;
import io.echodb.testing.peerdb.PeerDbEmulatorTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The packaged application (run with {@code -DskipITs=false}) against the PeerDB emulator: ready while PeerDB
 * answers, and a created table becomes a running mirror.
 */
@QuarkusIntegrationTest
@WithTestResource(PeerDbTestResource.class)
class MirrorServiceIT {

    @InjectPeerDbEmulator
    PeerDbEmulator emulator;

    /** The emulator's source database, from its source peer's JDBC URL. */
    private String sourceDatabase() {
        String url = emulator.peers().stream()
                .filter(peer -> peer.name().equals(PeerDbEmulatorTestResource.SOURCE_PEER))
                .findFirst()
                .orElseThrow()
                .jdbcUrl();
        String path = url.substring(url.lastIndexOf('/') + 1);
        return path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    }

    @Test
    void isReadyAndMirrorsACreatedTable() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'peerdb' }.status", equalTo("UP"));
        TestPostgres.shared()
                .execute(
                        sourceDatabase(),
                        "CREATE TABLE IF NOT EXISTS public.it_orders (id bigint PRIMARY KEY, note text)");

        given().contentType(ContentType.JSON)
                .body(created("public", "it_orders"))
                .when()
                .post("/api/v1/table-events")
                .then()
                .statusCode(202);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> emulator.mirror("it_orders_mirror")
                        .filter(mirror -> mirror.status() == FlowStatus.STATUS_RUNNING)
                        .isPresent());
        given().when()
                .get("/api/v1/mirrors")
                .then()
                .body("find { it.mirror == 'it_orders_mirror' }.state", equalTo("CREATED"));
    }
}
