package io.echodb.mirror;

import static io.restassured.RestAssured.given;

import io.echodb.mirror.rest.Inventories;
import io.echodb.testing.peerdb.FlowStatus;
import io.echodb.testing.peerdb.InjectPeerDbEmulator;
import io.echodb.testing.peerdb.PeerDbEmulator;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests that run mirror-service against the PeerDB emulator ({@link PeerDbTestResource}): a clean
 * emulator and a clean service before each test, and the requests listener-service would send.
 */
public abstract class EmulatorTest {

    /** How long asynchronous outcomes may take. */
    protected static final Duration PATIENCE = Duration.ofSeconds(20);

    /** The inventory endpoint of source {@code postgres_main}. */
    protected static final String INVENTORY = "/api/v1/sources/postgres_main/inventory";

    @InjectPeerDbEmulator
    protected PeerDbEmulator emulator;

    @Inject
    protected ServiceState state;

    @BeforeEach
    void startClean() {
        emulator.reset();
        state.reset();
    }

    /** Posts a table event; expects 202. */
    protected static void post(Map<String, Object> event) {
        given().contentType(ContentType.JSON)
                .body(event)
                .when()
                .post("/api/v1/table-events")
                .then()
                .statusCode(202);
    }

    /** Puts an inventory of {@code postgres_main}; expects 202. */
    protected static void put(Inventories inventory) {
        given().contentType(ContentType.JSON)
                .body(inventory.body())
                .when()
                .put(INVENTORY)
                .then()
                .statusCode(202);
    }

    /** Whether the emulator has mirror {@code name} in {@code STATUS_RUNNING}. */
    protected boolean running(String name) {
        return emulator.mirror(name)
                .filter(mirror -> mirror.status() == FlowStatus.STATUS_RUNNING)
                .isPresent();
    }

    /** How many create requests the emulator received for mirror {@code name}. */
    protected long createRequestsFor(String name) {
        return emulator.createRequests().stream()
                .filter(request -> request.json() != null
                        && name.equals(request.json()
                                .path("connectionConfigs")
                                .path("flowJobName")
                                .asText()))
                .count();
    }

    /** The sum of the Prometheus samples whose line starts with {@code prefix} (name and tags). */
    protected static double metric(String prefix) {
        return given().when()
                .get("/q/metrics")
                .then()
                .extract()
                .asString()
                .lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
