package io.echodb.mirror.service;

import static io.echodb.mirror.rest.TableEvents.created;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.echodb.mirror.EmulatorTest;
import io.echodb.mirror.PeerDbTestResource;
import io.echodb.mirror.SourceDatabase;
import io.echodb.mirror.domain.DeadLetter;
import io.echodb.mirror.domain.ManagedMirror;
import io.echodb.mirror.domain.MirrorState;
import io.echodb.mirror.domain.SkippedTable;
import io.echodb.mirror.domain.UnmirroredTable;
import io.echodb.mirror.rest.Inventories;
import io.echodb.testing.peerdb.MirrorSnapshot;
import io.echodb.testing.peerdb.PeerDbFault;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * PeerDB failing in each of the emulator's modes: retries, circuit breaker, timeouts, malformed answers, dead
 * letters with their replay and their retry by the next inventory, readiness.
 */
@QuarkusTest
@WithTestResource(PeerDbTestResource.class)
class FaultToleranceTest extends EmulatorTest {

    private static final String CREATE = "/v1/flows/cdc/create";
    private static final String VALIDATE = "/v1/mirrors/cdc/validate";

    @ConfigProperty(name = "quarkus.rest-client.peerdb.url")
    String peerDbUrl;

    @Inject
    MirrorRegistry registry;

    private static void post(String table) {
        post(created("public", table));
    }

    private ManagedMirror settled(String table) {
        await().atMost(PATIENCE)
                .until(() -> registry.mirror(table + "_mirror")
                        .filter(mirror -> mirror.state() != MirrorState.CREATING)
                        .isPresent());
        return registry.mirror(table + "_mirror").orElseThrow();
    }

    private static List<DeadLetter> deadLetters() {
        return List.of(given().when()
                .get("/api/v1/dead-letters")
                .then()
                .statusCode(200)
                .extract()
                .as(DeadLetter[].class));
    }

    private static Optional<DeadLetter> deadLetterFor(String table) {
        return deadLetters().stream()
                .filter(letter -> letter.table().equals(table))
                .findFirst();
    }

    @Test
    void readinessIsDownWithTheErrorWhilePeerDbIsDown() {
        emulator.down();

        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'peerdb' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'peerdb' }.data.url", equalTo(peerDbUrl))
                .body("checks.find { it.name == 'peerdb' }.data.error", not(emptyOrNullString()));
    }

    @Test
    void exhaustedRetriesBecomeADeadLetterAndAnUnmirroredTable() {
        SourceDatabase.createTable("down_orders");
        emulator.down();
        double errorsBefore = metric("echodb_peerdb_request_seconds_count{operation=\"validate\",outcome=\"error\"}");

        post("down_orders");

        assertThat(settled("down_orders").state()).isEqualTo(MirrorState.FAILED);
        await().atMost(PATIENCE).until(() -> deadLetterFor("down_orders").isPresent());
        DeadLetter letter = deadLetterFor("down_orders").orElseThrow();
        assertThat(letter.operation()).isEqualTo(DeadLetter.Operation.CREATE_MIRROR);
        assertThat(letter.mirror()).isEqualTo("down_orders_mirror");
        assertThat(letter.source()).isEqualTo("postgres_main");
        assertThat(letter.attempts()).isEqualTo(1);
        assertThat(letter.lastError()).contains("Connection refused");
        assertThat(letter.firstSeen()).isEqualTo(letter.lastSeen());
        assertThat(metric("echodb_peerdb_request_seconds_count{operation=\"validate\",outcome=\"error\"}")
                        - errorsBefore)
                .as("one attempt and four retries")
                .isEqualTo(5);
        assertThat(metric("echodb_dead_letters ")).isEqualTo(1);
        assertThat(given().when()
                        .get("/api/v1/unmirrored-tables")
                        .then()
                        .extract()
                        .as(UnmirroredTable[].class))
                .singleElement()
                .satisfies(table -> {
                    assertThat(table.table()).isEqualTo("down_orders");
                    assertThat(table.lastError()).contains("Connection refused");
                });
    }

    @Test
    void replayAfterRecoveryCreatesTheMirrorAndClearsTheLetter() {
        SourceDatabase.createTable("replayed");
        emulator.down();
        post("replayed");
        await().atMost(PATIENCE).until(() -> deadLetterFor("replayed").isPresent());
        String id = deadLetterFor("replayed").orElseThrow().id();

        emulator.up();
        given().when()
                .post("/api/v1/dead-letters/" + id + "/replay")
                .then()
                .statusCode(202)
                .body("status", equalTo("accepted"));

        await().atMost(PATIENCE)
                .until(() -> running("replayed_mirror") && deadLetters().isEmpty());
        assertThat(registry.mirror("replayed_mirror")).map(ManagedMirror::state).hasValue(MirrorState.CREATED);
        assertThat(given().when()
                        .get("/api/v1/unmirrored-tables")
                        .then()
                        .extract()
                        .as(UnmirroredTable[].class))
                .isEmpty();
        given().when()
                .post("/api/v1/dead-letters/no-such-id/replay")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void nextInventoryRetriesDeadLettersAndClearsThem() {
        SourceDatabase.createTable("inventoried");
        emulator.down();
        post("inventoried");
        await().atMost(PATIENCE).until(() -> deadLetterFor("inventoried").isPresent());

        emulator.up();
        put(Inventories.now().eligible("inventoried"));

        await().atMost(PATIENCE)
                .until(() -> running("inventoried_mirror") && deadLetters().isEmpty());
        assertThat(emulator.mirrors()).extracting(MirrorSnapshot::name).containsExactly("inventoried_mirror");
    }

    @Test
    void transientServerErrorsAreRetried() {
        SourceDatabase.createTable("flaky");
        emulator.addFault(PeerDbFault.unavailable().onRoute(CREATE).times(2));

        post("flaky");

        await().atMost(PATIENCE).until(() -> running("flaky_mirror"));
        assertThat(settled("flaky").state()).isEqualTo(MirrorState.CREATED);
        assertThat(emulator.requestCount(CREATE)).isEqualTo(3);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void createAnswerWithoutTheExpectedBodyIsRetriedAndTheMirrorIsNotDoubled() {
        SourceDatabase.createTable("garbled");
        emulator.addFault(PeerDbFault.malformed(PeerDbFault.MalformedBody.EMPTY_OBJECT)
                .onRoute(CREATE)
                .times(1));

        post("garbled");

        assertThat(settled("garbled").state())
                .as("the retry answers 409: it was created")
                .isEqualTo(MirrorState.ALREADY_EXISTED);
        await().atMost(PATIENCE).until(() -> running("garbled_mirror"));
        assertThat(emulator.mirrors()).extracting(MirrorSnapshot::name).containsExactly("garbled_mirror");
        assertThat(emulator.requestCount(CREATE)).isEqualTo(2);
    }

    @Test
    void truncatedListAnswerIsAnErrorNotAnEmptyCatalog() {
        SourceDatabase.createTable("listed");
        post("listed");
        await().atMost(PATIENCE).until(() -> running("listed_mirror"));
        emulator.addFault(
                PeerDbFault.malformed(PeerDbFault.MalformedBody.TRUNCATED).onRoute("/v1/mirrors/list"));

        put(Inventories.now()); // the table is gone from it

        await().atMost(PATIENCE).until(() -> emulator.requestCount("/v1/mirrors/list") >= 5);
        await().during(Duration.ofMillis(300)).atMost(PATIENCE).until(() -> running("listed_mirror"));
        assertThat(metric("echodb_convergence_seconds_count{outcome=\"error\",source=\"postgres_main\"}"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void answerThatNeverComesIsRetriedAfterTheReadTimeout() {
        SourceDatabase.createTable("slow");
        emulator.addFault(
                PeerDbFault.timeout(Duration.ofSeconds(5)).onRoute(VALIDATE).times(1));

        post("slow");

        await().atMost(PATIENCE).until(() -> running("slow_mirror"));
        assertThat(emulator.requestCount(VALIDATE)).isEqualTo(2);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void operationThatOutlivesItsTimeoutBecomesADeadLetterAndStopsThere() {
        SourceDatabase.createTable("stuck");
        // three validates hang: each attempt gives up after the read timeout (2 s in tests), the operation after 5 s;
        // the fourth attempt, still running after that, succeeds but must not go on to create the mirror
        emulator.addFault(
                PeerDbFault.timeout(Duration.ofSeconds(10)).onRoute(VALIDATE).times(3));

        post("stuck");

        await().atMost(PATIENCE).until(() -> deadLetterFor("stuck").isPresent());
        assertThat(deadLetterFor("stuck").orElseThrow().lastError()).contains("did not finish in time");
        await().atMost(PATIENCE).until(() -> emulator.requestCount(VALIDATE) >= 4);
        await().during(Duration.ofMillis(500)).atMost(PATIENCE).until(() -> emulator.requestCount(CREATE) == 0);
        assertThat(emulator.mirrors()).isEmpty();
    }

    @Test
    void wrappedValidationFailureFromCreateIsARefusalNotRetried() {
        SourceDatabase.createTable("wrapped");
        emulator.addFault(PeerDbFault.internalError("invalid mirror: rpc error: code = FailedPrecondition desc = "
                        + "source tables do not exist: public.wrapped")
                .onRoute(CREATE)
                .times(1));

        post("wrapped");

        assertThat(settled("wrapped").state()).isEqualTo(MirrorState.FAILED);
        assertThat(emulator.requestCount(CREATE)).isEqualTo(1);
        assertThat(given().when().get("/api/v1/skipped-tables").then().extract().as(SkippedTable[].class))
                .singleElement()
                .satisfies(table -> {
                    assertThat(table.decidedBy()).isEqualTo(SkippedTable.DecidedBy.PEERDB);
                    assertThat(table.reason()).contains("invalid mirror");
                });
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void repeatedFailuresOpenTheCircuitBreakerAndStatusShowsIt() {
        emulator.down();
        for (String table : List.of("first", "second")) { // 5 failed attempts each: half of the last 10 failed
            post(table);
            assertThat(settled(table).state()).isEqualTo(MirrorState.FAILED);
        }

        post("third");

        assertThat(settled("third").lastError()).contains("circuit breaker open");
        given().when()
                .get("/api/v1/status")
                .then()
                .statusCode(200)
                .body("circuitBreakers.peerdb-validate", equalTo("OPEN"))
                .body("circuitBreakers.peerdb-create", equalTo("CLOSED"))
                .body("deadLetters", equalTo(3))
                .body("unmirroredTables", equalTo(3));
    }
}
