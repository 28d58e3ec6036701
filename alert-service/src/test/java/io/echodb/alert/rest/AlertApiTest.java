package io.echodb.alert.rest;

import static io.echodb.alert.SourceFixture.createSlotAndWriteWal;
import static io.echodb.alert.SourceFixture.dropSlots;
import static io.echodb.alert.SourceFixture.sql;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.echodb.alert.FastAlerting;
import io.echodb.common.api.ApiKeyFilter;
import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.slack.InjectSlackEmulator;
import io.echodb.testing.slack.SlackEmulator;
import io.echodb.testing.slack.SlackEmulatorTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP API: alerts pending then firing, silences with the API key and validation, the test notification. */
@QuarkusTest
@TestProfile(FastAlerting.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SlackEmulatorTestResource.class)
class AlertApiTest {

    private static final String SLOT = "alert_api_slot";

    @InjectSlackEmulator
    SlackEmulator slack;

    @BeforeEach
    void forgetEarlierMessages() {
        slack.reset();
    }

    @AfterEach
    void cleanUp() {
        dropSlots(SLOT);
        sql("DELETE FROM echodb.alert_silence");
    }

    @Test
    void alertIsListedPendingThenFiring() {
        createSlotAndWriteWal(SLOT);

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().get("/api/v1/alerts")
                        .then()
                        .statusCode(200)
                        .body("find { it.labels.slot == '" + SLOT + "' }.state", is("pending"))
                        .body("find { it.labels.slot == '" + SLOT + "' }.firingSince", is((Object) null)));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().get("/api/v1/alerts")
                        .then()
                        .statusCode(200)
                        .body("find { it.labels.slot == '" + SLOT + "' }.state", is("firing"))
                        .body("find { it.labels.slot == '" + SLOT + "' }.rule", is("slot-retained-wal"))
                        .body("find { it.labels.slot == '" + SLOT + "' }.severity", is("warning"))
                        .body("find { it.labels.slot == '" + SLOT + "' }.lastNotifiedAt", notNullValue()));
    }

    @Test
    void silencesNeedTheApiKey() {
        given().contentType(ContentType.JSON)
                .body(silence("rule", "slot-inactive", Instant.now().plusSeconds(600)))
                .post("/api/v1/silences")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().header(ApiKeyFilter.HEADER, "wrong")
                .delete("/api/v1/silences/" + UUID.randomUUID())
                .then()
                .statusCode(401);
        given().post("/api/v1/test-notification").then().statusCode(401);
    }

    @Test
    void invalidSilencesAreRefusedNamingTheFields() {
        authorized()
                .body("{\"matchers\":[],\"comment\":\" \"}")
                .post("/api/v1/silences")
                .then()
                .statusCode(400)
                .body("violations.field", containsInAnyOrder("comment", "endsAt", "matchers"));
        authorized()
                .body(silence("Rule!", "x", Instant.now().plusSeconds(600)))
                .post("/api/v1/silences")
                .then()
                .statusCode(400)
                .body("violations.field", hasItem("matchers[0].name"));
        authorized()
                .body(silence("rule", "x", Instant.now().minusSeconds(1)))
                .post("/api/v1/silences")
                .then()
                .statusCode(400)
                .body("violations[0].field", is("endsAt"));
        authorized().body("{not json").post("/api/v1/silences").then().statusCode(400);
    }

    @Test
    void silenceIsListedUntilDeleted() {
        String id = authorized()
                .body(silence("slot", SLOT, Instant.now().plusSeconds(600)))
                .post("/api/v1/silences")
                .then()
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/silences/"))
                .extract()
                .path("id");

        given().get("/api/v1/silences")
                .then()
                .statusCode(200)
                .body("find { it.id == '" + id + "' }.comment", is("maintenance"))
                .body("find { it.id == '" + id + "' }.matchers[0].value", is(SLOT));
        authorized().delete("/api/v1/silences/" + id).then().statusCode(204);
        authorized().delete("/api/v1/silences/" + id).then().statusCode(404);
        given().get("/api/v1/silences").then().body("id", not(hasItem(id)));
    }

    @Test
    void testNotificationReachesEverySlackDestination() {
        authorized()
                .post("/api/v1/test-notification")
                .then()
                .statusCode(200)
                .body("[0].delivered", is(true))
                .body("[0].severities", containsInAnyOrder("critical", "warning"))
                .body("[0].destination", org.hamcrest.Matchers.startsWith("webhook http://127.0.0.1:"));

        await().atMost(Duration.ofSeconds(15))
                .until(() -> slack.messages().stream()
                        .anyMatch(message -> message.text().startsWith("EchoDB alert-service test notification")));
    }

    private static io.restassured.specification.RequestSpecification authorized() {
        return given().header(ApiKeyFilter.HEADER, FastAlerting.API_KEY).contentType(ContentType.JSON);
    }

    private static String silence(String name, String value, Instant endsAt) {
        return """
                {"matchers":[{"name":"%s","value":"%s"}],"endsAt":"%s","comment":"maintenance"}""".formatted(name, value, endsAt);
    }
}
