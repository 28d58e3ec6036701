package io.echodb.listener;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.echodb.listener.testing.InjectMirrorServiceStub;
import io.echodb.listener.testing.MirrorServiceStub;
import io.echodb.listener.testing.MirrorServiceStubTestResource;
import io.echodb.listener.testing.Sql;
import io.echodb.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The packaged application (production profile) against a real PostgreSQL: it becomes ready, sends an
 * inventory, and a table created once a DBA has installed the event trigger reaches mirror-service.
 */
@QuarkusIntegrationTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(MirrorServiceStubTestResource.class)
class ListenerServiceIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @InjectMirrorServiceStub
    MirrorServiceStub mirrorService;

    @Test
    void becomesReadyAndSendsAnInventory() {
        await().atMost(TIMEOUT)
                .untilAsserted(() -> given().when()
                        .get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body("checks.find { it.name == 'listener-connection' }.status", is("UP")));
        given().when().get("/ready").then().statusCode(200).body("connected", is(true));

        JsonObject inventory = await().atMost(TIMEOUT)
                .until(() -> mirrorService.acceptedInventoryAfter(0), found -> found.isPresent())
                .orElseThrow();
        assertThat(inventory.getJsonArray("schemas").getList()).containsExactly("public");
    }

    @Test
    void aCreatedTableReachesMirrorService() {
        await().atMost(TIMEOUT)
                .untilAsserted(
                        () -> given().when().get("/q/health/ready").then().statusCode(200));
        Sql.run(triggerScript());

        Sql.run("CREATE TABLE public.it_orders (id bigint PRIMARY KEY)");

        JsonObject event = await().atMost(TIMEOUT)
                .until(() -> mirrorService.acceptedEvent("public", "it_orders"), found -> found.isPresent())
                .orElseThrow();
        assertThat(event.getString("type")).isEqualTo("CREATED");
        assertThat(event.getBoolean("eligible")).isTrue();
    }

    /** The script a DBA runs with psql, as shipped in the jar. */
    private static String triggerScript() {
        try (InputStream in =
                ListenerServiceIT.class.getClassLoader().getResourceAsStream("db/echodb-event-trigger.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
