package io.echodb.testing.peerdb;

import static io.echodb.testing.TestHttp.get;
import static io.echodb.testing.TestHttp.getOnNewConnection;
import static io.echodb.testing.TestHttp.json;
import static io.echodb.testing.TestHttp.postJson;
import static io.echodb.testing.TestHttp.request;
import static io.echodb.testing.peerdb.PeerDbRequests.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.echodb.testing.ActiveFault;
import io.echodb.testing.TestPostgres;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PeerDbFaultsTest {

    private static final Duration AT_MOST = Duration.ofSeconds(15);
    private static final String CREATE = "/v1/flows/cdc/create";

    private final TestPostgres postgres = TestPostgres.shared();
    private String database;
    private PeerDbEmulator peerdb;

    @BeforeEach
    void startEmulator() {
        database = postgres.createDatabase("peerdb_faults");
        postgres.execute(database, "CREATE TABLE public.orders (id bigint PRIMARY KEY)");
        peerdb = PeerDbRequests.startEmulator(postgres.jdbcUrl(database), Duration.ofMillis(50));
    }

    @AfterEach
    void stopEmulator() {
        peerdb.reset();
        peerdb.stop();
    }

    @Test
    void internalErrorOnCreateForOneRequestCreatesNothingThenPeerDbIsHealthyAgain() {
        peerdb.addFault(PeerDbFault.internalError().onRoute(CREATE).times(1));

        HttpResponse<String> failed = createOrders("orders_mirror");
        HttpResponse<String> listed = get(url("/v1/mirrors/list"));
        HttpResponse<String> retried = createOrders("orders_mirror");

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(json(failed).get("code").asInt()).isEqualTo(13);
        assertThat(json(failed).get("message").asText()).isEqualTo(PeerDbFault.DEFAULT_INTERNAL_MESSAGE);
        assertThat(json(failed).get("details").isArray()).isTrue();
        assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(peerdb.mirrors()).extracting(MirrorSnapshot::name).containsExactly("orders_mirror");
        assertThat(peerdb.requestCount(CREATE)).isEqualTo(2);
        assertThat(peerdb.requestCounts()).containsEntry("/v1/mirrors/list", 1L);
        assertThat(peerdb.faults()).isEmpty();
    }

    @Test
    void internalErrorAfterProcessingCreatesTheMirrorAndStillAnswers500() {
        peerdb.addFault(PeerDbFault.internalError("unable to start workflow: context deadline exceeded")
                .onRoute(CREATE)
                .afterProcessing()
                .times(1));

        HttpResponse<String> answer = createOrders("orders_mirror");

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(json(answer).get("message").asText())
                .isEqualTo("unable to start workflow: context deadline exceeded");
        awaitState("orders_mirror", "STATUS_RUNNING");
        assertThat(createOrders("orders_mirror").statusCode()).isEqualTo(409);
    }

    @Test
    void maintenanceModeAnswers503UntilItsDurationEnds() {
        peerdb.addFault(PeerDbFault.unavailable().forDuration(Duration.ofMillis(500)));

        HttpResponse<String> during = createOrders("orders_mirror");

        assertThat(during.statusCode()).isEqualTo(503);
        assertThat(json(during).get("code").asInt()).isEqualTo(14);
        assertThat(json(during).get("message").asText())
                .isEqualTo("PeerDB is under maintenance. Please retry in a few minutes");
        assertThat(peerdb.mirrors()).isEmpty();
        await().atMost(AT_MOST).until(() -> createOrders("orders_mirror").statusCode() == 200);
        assertThat(peerdb.faults()).isEmpty();
    }

    @Test
    void conflictAnswersLikeAnExistingNameOnCreateAndValidateOnly() {
        peerdb.addFault(PeerDbFault.conflict().times(2));

        HttpResponse<String> created = createOrders("orders_mirror");
        HttpResponse<String> validated = postJson(
                url("/v1/mirrors/cdc/validate"),
                create("orders_mirror", false, "public.orders").toString());
        HttpResponse<String> listed = get(url("/v1/mirrors/list"));

        assertThat(created.statusCode()).isEqualTo(409);
        assertThat(json(created).get("code").asInt()).isEqualTo(6);
        assertThat(json(created).get("message").asText()).isEqualTo("flow already exists: orders_mirror");
        assertThat(validated.statusCode()).isEqualTo(409);
        assertThat(json(validated).get("message").asText()).isEqualTo("mirror with name orders_mirror already exists");
        assertThat(json(validated).at("/details/0/reason").asText()).isEqualTo("MIRROR");
        assertThat(json(validated).at("/details/0/metadata/offendingField").asText())
                .isEqualTo("flow_job_name");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(peerdb.mirrors()).isEmpty();
        assertThatThrownBy(() -> peerdb.addFault(PeerDbFault.conflict().onRoute("/v1/mirrors/list")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("409");
    }

    @Test
    void malformedBodiesReplaceOnlySuccessfulAnswers() throws Exception {
        createOrders("orders_mirror");
        peerdb.addFault(PeerDbFault.malformed(PeerDbFault.MalformedBody.EMPTY_OBJECT)
                .onRoute("/v1/mirrors/list")
                .times(1));
        peerdb.addFault(
                PeerDbFault.malformed(PeerDbFault.MalformedBody.TRUNCATED).onRoute("/v1/mirrors/status"));

        HttpResponse<String> list = get(url("/v1/mirrors/list"));
        HttpResponse<String> status = postJson(url("/v1/mirrors/status"), "{\"flowJobName\":\"orders_mirror\"}");
        HttpResponse<String> unknown = postJson(url("/v1/mirrors/status"), "{\"flowJobName\":\"nobody\"}");

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).isEqualTo("{}");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).startsWith("{\"flowJobName\":\"orders_mirror\"");
        assertThatThrownBy(() -> PeerDbRequests.JSON.readTree(status.body()))
                .isInstanceOf(JsonProcessingException.class);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("code").asInt()).isEqualTo(5);
        assertThat(json(get(url("/v1/mirrors/list"))).get("mirrors")).hasSize(1);
    }

    @Test
    void latencyDelaysOnlyItsRoute() {
        peerdb.addFault(PeerDbFault.latency(Duration.ofMillis(400)).onRoute("/v1/mirrors/list"));

        long start = System.nanoTime();
        HttpResponse<String> listed = get(url("/v1/mirrors/list"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(peerdb.faults()).singleElement().satisfies(active -> {
            assertThat(active.triggered()).isEqualTo(1);
            assertThat(active.remaining()).isNull();
        });
    }

    @Test
    void errorRateHitsAboutThatShareOfRequests() {
        peerdb.faultSeed(7);
        peerdb.addFault(PeerDbFault.internalError().onRoute("/v1/version").withProbability(0.3));

        long failures = IntStream.range(0, 200)
                .map(i -> get(url("/v1/version")).statusCode())
                .filter(status -> status == 500)
                .count();

        assertThat(failures).isBetween(30L, 90L);
        assertThat(peerdb.requestCount("/v1/version")).isEqualTo(200);
        assertThat(peerdb.faults())
                .singleElement()
                .extracting(ActiveFault::triggered)
                .isEqualTo(failures);
    }

    @Test
    void timeoutHoldsTheRequestUntilTheClientGivesUp() {
        peerdb.addFault(PeerDbFault.timeout().onRoute(CREATE).times(1));

        assertThatThrownBy(() -> postJson(
                        url(CREATE),
                        create("orders_mirror", false, "public.orders").toString(),
                        Duration.ofMillis(300)))
                .hasRootCauseInstanceOf(HttpTimeoutException.class);
        assertThat(peerdb.mirrors()).isEmpty();
        assertThat(createOrders("orders_mirror").statusCode()).isEqualTo(200);
    }

    @Test
    void timeoutAfterProcessingCreatesTheMirrorAndIsBoundedByItsHold() {
        peerdb.addFault(PeerDbFault.timeout(Duration.ofMillis(300))
                .onRoute(CREATE)
                .afterProcessing()
                .times(1));

        long start = System.nanoTime();
        assertThatThrownBy(() -> postJson(
                        url(CREATE),
                        create("orders_mirror", false, "public.orders").toString(),
                        Duration.ofSeconds(10)))
                .hasRootCauseInstanceOf(IOException.class)
                .rootCause()
                .isNotInstanceOf(HttpTimeoutException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        awaitState("orders_mirror", "STATUS_RUNNING");
    }

    @Test
    void connectionResetClosesTheConnectionWithoutAnAnswer() {
        peerdb.addFault(PeerDbFault.connectionReset().onRoute(CREATE));

        assertThatThrownBy(() -> createOrders("orders_mirror")).hasRootCauseInstanceOf(IOException.class);
        assertThat(peerdb.mirrors()).isEmpty();

        peerdb.clearFaults();
        assertThat(createOrders("orders_mirror").statusCode()).isEqualTo(200);
    }

    @Test
    void downRefusesConnectionsKeepsTheMirrorsAndComesBackOnTheSamePort() {
        assertThat(createOrders("orders_mirror").statusCode()).isEqualTo(200);
        String baseUrl = peerdb.baseUrl();

        peerdb.down();

        assertThat(peerdb.isDown()).isTrue();
        assertThatThrownBy(() -> getOnNewConnection(baseUrl + "/v1/version"))
                .hasCauseInstanceOf(ConnectException.class);
        peerdb.up();
        assertThat(peerdb.isDown()).isFalse();
        assertThat(peerdb.baseUrl()).isEqualTo(baseUrl);
        assertThat(json(get(baseUrl + "/v1/mirrors/list")).get("mirrors")).hasSize(1);
    }

    @Test
    void downForADurationComesBackByItself() {
        peerdb.down(Duration.ofMillis(400));

        assertThatThrownBy(() -> getOnNewConnection(url("/v1/version"))).hasCauseInstanceOf(ConnectException.class);
        await().atMost(AT_MOST)
                .ignoreExceptions()
                .until(() -> get(url("/v1/version")).statusCode() == 200);
        assertThat(peerdb.isDown()).isFalse();
    }

    @Test
    void faultsAreSwitchedOverHttpForRunLocal() {
        HttpResponse<String> added = postJson(
                url("/_emulator/faults"),
                "{\"kind\":\"internal\",\"route\":\"/v1/flows/cdc/create\",\"times\":1,\"message\":\"boom\"}");
        HttpResponse<String> typo = postJson(url("/_emulator/faults"), "{\"kind\":\"internal\",\"tmes\":1}");
        HttpResponse<String> unknownKind = postJson(url("/_emulator/faults"), "{\"kind\":\"explode\"}");
        HttpResponse<String> downForever = postJson(url("/_emulator/faults"), "{\"kind\":\"down\"}");
        JsonNode listed = json(get(url("/_emulator/faults")));

        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(json(added).get("id").asText()).isNotBlank();
        assertThat(json(added).get("remaining").asInt()).isEqualTo(1);
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(json(typo).get("message").asText()).contains("tmes");
        assertThat(unknownKind.statusCode()).isEqualTo(400);
        assertThat(downForever.statusCode()).isEqualTo(400);
        assertThat(listed.get("down").asBoolean()).isFalse();
        assertThat(listed.get("faults")).singleElement().satisfies(fault -> {
            assertThat(fault.get("kind").asText()).isEqualTo("internal");
            assertThat(fault.get("route").asText()).isEqualTo(CREATE);
            assertThat(fault.get("message").asText()).isEqualTo("boom");
        });
        assertThat(json(createOrders("orders_mirror")).get("message").asText()).isEqualTo("boom");
        assertThat(json(get(url("/_emulator/request-counts"))).get(CREATE).asLong())
                .isEqualTo(1);

        postJson(url("/_emulator/faults"), "{\"kind\":\"latency\",\"latencyMs\":50}");
        assertThat(request("DELETE", url("/_emulator/faults")).statusCode()).isEqualTo(204);
        assertThat(json(get(url("/_emulator/faults"))).get("faults")).isEmpty();
    }

    @Test
    void downOverHttpAnswersFirstThenRefusesUntilItsDurationEnds() {
        HttpResponse<String> accepted = postJson(url("/_emulator/faults"), "{\"kind\":\"down\",\"durationMs\":1500}");

        assertThat(accepted.statusCode()).isEqualTo(202);
        await().atMost(AT_MOST).until(peerdb::isDown);
        assertThatThrownBy(() -> getOnNewConnection(url("/v1/version"))).hasCauseInstanceOf(ConnectException.class);
        await().atMost(AT_MOST)
                .ignoreExceptions()
                .until(() -> get(url("/v1/version")).statusCode() == 200);
    }

    @Test
    void requestsAreCountedPerRouteTemplateAndResetForgetsCountsAndFaults() {
        get(url("/v1/peers/slots/postgres_main"));
        get(url("/v1/peers/slots/clickhouse_analytics"));
        peerdb.addFault(PeerDbFault.unavailable());
        peerdb.down();

        peerdb.reset();

        assertThat(peerdb.requestCounts()).isEmpty();
        assertThat(peerdb.faults()).isEmpty();
        assertThat(peerdb.isDown()).isFalse();
        assertThat(get(url("/v1/peers/slots/postgres_main")).statusCode()).isEqualTo(200);
        assertThat(peerdb.requestCounts()).containsExactly(java.util.Map.entry("/v1/peers/slots/{peer_name}", 1L));
        assertThat(peerdb.requestCount("/v1/peers/slots/postgres_main")).isEqualTo(1);
        assertThatThrownBy(() -> peerdb.addFault(PeerDbFault.internalError().onRoute("/v1/nothing")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private HttpResponse<String> createOrders(String name) {
        return postJson(url(CREATE), create(name, false, "public.orders").toString());
    }

    private void awaitState(String name, String state) {
        await().atMost(AT_MOST)
                .until(() -> peerdb.mirror(name).map(m -> m.status().name()).orElse(""), state::equals);
    }

    private String url(String path) {
        return peerdb.baseUrl() + path;
    }
}
