package io.echodb.mirror.rest;

import static io.echodb.mirror.rest.TableEvents.ineligible;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.echodb.common.api.ApiKeyFilter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ApiKeyFilterTest.WithApiKey.class)
class ApiKeyFilterTest {

    /** A made-up key for this test only. */
    static final String KEY = "test-only-key-not-a-secret";

    public static class WithApiKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("echodb.api-key", KEY);
        }
    }

    @Test
    void missingKeyIsUnauthorized() {
        given().contentType(ContentType.JSON)
                .body(ineligible("public", "t", "temporary table"))
                .when()
                .post("/api/v1/table-events")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"));
    }

    @Test
    void wrongKeyIsUnauthorizedAndNeverEchoed() {
        given().contentType(ContentType.JSON)
                .header(ApiKeyFilter.HEADER, KEY + "x")
                .body(ineligible("public", "t", "temporary table"))
                .when()
                .post("/api/v1/table-events")
                .then()
                .statusCode(401)
                .body(not(containsString(KEY)));
    }

    @Test
    void rightKeyIsAccepted() {
        given().contentType(ContentType.JSON)
                .header(ApiKeyFilter.HEADER, KEY)
                .body(ineligible("public", "t", "temporary table"))
                .when()
                .post("/api/v1/table-events")
                .then()
                .statusCode(202);
    }

    @Test
    void inventoryAndReplayNeedTheKeyToo() {
        given().contentType(ContentType.JSON)
                .body(Inventories.now().body())
                .when()
                .put("/api/v1/sources/postgres_main/inventory")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().when().post("/api/v1/dead-letters/any-id/replay").then().statusCode(401);
        given().header(ApiKeyFilter.HEADER, KEY)
                .when()
                .post("/api/v1/dead-letters/any-id/replay")
                .then()
                .statusCode(404);
    }

    @Test
    void readOnlyEndpointsStayOpen() {
        for (String path : List.of("mirrors", "skipped-tables", "unmirrored-tables", "dead-letters", "status")) {
            given().when().get("/api/v1/" + path).then().statusCode(200);
        }
    }
}
