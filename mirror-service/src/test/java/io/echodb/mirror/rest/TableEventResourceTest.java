package io.echodb.mirror.rest;

import static io.echodb.mirror.rest.TableEvents.created;
import static io.echodb.mirror.rest.TableEvents.dropped;
import static io.echodb.mirror.rest.TableEvents.ineligible;
import static io.echodb.mirror.rest.TableEvents.with;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import io.echodb.mirror.EmulatorTest;
import io.echodb.mirror.PeerDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PeerDbTestResource.class)
class TableEventResourceTest extends EmulatorTest {

    private static final String EVENTS = "/api/v1/table-events";

    private static ValidatableResponse send(Object body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post(EVENTS)
                .then();
    }

    private static ValidatableResponse postRaw(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post(EVENTS)
                .then();
    }

    private static ValidatableResponse expectProblem(ValidatableResponse response) {
        return response.statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Bad Request"))
                .body("status", equalTo(400));
    }

    @Test
    void ineligibleEventIsAcceptedAndListedAsSkipped() {
        send(ineligible("public", "audit_log", "unlogged table"))
                .statusCode(202)
                .body("status", equalTo("accepted"));

        given().when()
                .get("/api/v1/skipped-tables")
                .then()
                .statusCode(200)
                .body("", hasSize(1))
                .body("[0].source", equalTo("postgres_main"))
                .body("[0].schema", equalTo("public"))
                .body("[0].table", equalTo("audit_log"))
                .body("[0].decidedBy", equalTo("LISTENER"))
                .body("[0].reason", equalTo("unlogged table"));
        given().when().get("/api/v1/mirrors").then().statusCode(200).body("", empty());
    }

    @Test
    void droppedEventWithoutClassificationIsAcceptedAndCounted() {
        send(dropped("public", "gone")).statusCode(202);

        given().when().get("/api/v1/skipped-tables").then().body("", empty());
        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> given().when().get("/api/v1/mirrors").then().body("", empty()));
        given().when()
                .get("/q/metrics")
                .then()
                .body(containsString("echodb_table_events_received_total{eligible=\"null\",type=\"dropped\"}"));
    }

    @Test
    void createdEventNeedsTheListenersVerdict() {
        expectProblem(send(with(created("public", "orders"), "eligible", null)))
                .body("violations[0].field", equalTo("eligible"))
                .body("violations[0].message", containsString("CREATED"));
    }

    @Test
    void tableNameWithDotIsSkippedBecausePeerDbCannotAddressIt() {
        send(created("public", "orders.v2")).statusCode(202);

        given().when()
                .get("/api/v1/skipped-tables")
                .then()
                .body("[0].table", equalTo("orders.v2"))
                .body("[0].decidedBy", equalTo("MIRROR_SERVICE"))
                .body("[0].reason", containsString("'.'"));
        given().when().get("/api/v1/mirrors").then().body("", empty());
    }

    @Test
    void malformedJsonIsAProblem() {
        expectProblem(postRaw("{\"type\": \"CREATED\", \"source\": "))
                .body("detail", containsString("not valid JSON"))
                .body("violations", empty());
        given().when()
                .get("/q/metrics")
                .then()
                .body(containsString("echodb_api_requests_invalid_total{problem=\"malformed_json\"}"));
    }

    @Test
    void emptyBodyIsAProblem() {
        expectProblem(postRaw("")).body("violations.field", hasItem("body"));
    }

    @Test
    void missingRequiredFieldsAreEachNamed() {
        expectProblem(send(Map.of())).body("violations.field", hasItems("type", "source", "schema", "table", "oid"));
    }

    @Test
    void unknownEnumValueIsAProblemListingTheAllowedValues() {
        expectProblem(send(with(created("public", "orders"), "type", "RENAMED")))
                .body("violations[0].field", equalTo("type"))
                .body("violations[0].message", containsString("CREATED"))
                .body("violations[0].message", containsString("DROPPED"));
        expectProblem(send(with(created("public", "orders"), "kind", "TABLE")))
                .body("violations[0].field", equalTo("kind"));
    }

    @Test
    void wrongTypeIsAProblem() {
        expectProblem(send(with(created("public", "orders"), "oid", "sixteen")))
                .body("violations[0].field", equalTo("oid"))
                .body("violations[0].message", equalTo("must be an integer"));
        expectProblem(send(with(created("public", "orders"), "observedAt", "yesterday")))
                .body("violations[0].field", equalTo("observedAt"));
        expectProblem(postRaw("[]")).body("violations[0].field", equalTo("body"));
    }

    @Test
    void oidBelowOneIsAProblem() {
        expectProblem(send(with(created("public", "orders"), "oid", 0))).body("violations[0].field", equalTo("oid"));
    }

    @Test
    void identifiersLongerThanSixtyThreeBytesAreProblems() {
        expectProblem(send(created("public", "t".repeat(64))))
                .body("violations[0].field", equalTo("table"))
                .body("violations[0].message", containsString("63 bytes"));
        // 32 two-byte characters: 32 characters but 64 bytes
        expectProblem(send(created("é".repeat(32), "orders"))).body("violations[0].field", equalTo("schema"));
        expectProblem(send(created("public", ""))).body("violations[0].field", equalTo("table"));
    }

    @Test
    void sixtyThreeByteIdentifierIsAccepted() {
        send(ineligible("é".repeat(31) + "a", "t".repeat(63), "schema not watched"))
                .statusCode(202);
    }

    @Test
    void otherContentTypesAreRefusedWithAProblem() {
        given().contentType(ContentType.TEXT)
                .body("hello")
                .when()
                .post(EVENTS)
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("status", equalTo(415));
    }
}
