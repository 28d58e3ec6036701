package io.echodb.listener.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.echodb.listener.testing.InjectMirrorServiceStub;
import io.echodb.listener.testing.MirrorServiceStub;
import io.echodb.listener.testing.MirrorServiceStubTestResource;
import io.echodb.listener.testing.Sql;
import io.echodb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Without the event trigger (no superuser) the periodic inventory alone gets tables to mirror-service, slower;
 * with {@code no-primary-key=replica-identity-full} it also sets REPLICA IDENTITY FULL on a table that has been
 * without key for at least the settle delay.
 */
@QuarkusTest
@TestProfile(InventoryWithoutTriggerTest.InventoryOnly.class)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = MirrorServiceStubTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class InventoryWithoutTriggerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** No trigger, an inventory every second, missing keys replaced by REPLICA IDENTITY FULL after 1 s. */
    public static class InventoryOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "echodb.listener.install-trigger", "false",
                    "echodb.listener.inventory-interval", "1s",
                    "echodb.listener.settle-delay", "1s",
                    "echodb.listener.no-primary-key", "replica-identity-full");
        }
    }

    @InjectMirrorServiceStub
    MirrorServiceStub mirrorService;

    @Test
    void withoutTheTriggerTheInventoryAloneReportsNewTables() {
        await().atMost(TIMEOUT)
                .untilAsserted(() -> given().when()
                        .get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body("checks.find { it.name == 'listener-connection' }.data.eventTrigger", is("MISSING")));
        int before = mirrorService.inventories().size();

        Sql.run("CREATE TABLE public.found_by_inventory (id int PRIMARY KEY)");

        JsonObject table = await().atMost(TIMEOUT)
                .until(() -> tableInLastInventory(before, "found_by_inventory"), Optional::isPresent)
                .orElseThrow();
        assertThat(table.getBoolean("eligible")).isTrue();
        assertThat(table.getLong("oid"))
                .isEqualTo(Sql.queryLong("SELECT 'public.found_by_inventory'::regclass::oid::bigint"));
        assertThat(mirrorService.events()).isEmpty();
        await().atMost(TIMEOUT).until(() -> mirrorService.inventories().size() >= before + 3);
    }

    @Test
    void aTableStillWithoutKeyAtTheNextInventoryGetsReplicaIdentityFull() {
        int before = mirrorService.inventories().size();

        Sql.run("CREATE TABLE public.\"Heap \"\"Quoted\"\"; DROP TABLE x\" (id int, note text)");

        JsonObject first = await().atMost(TIMEOUT)
                .until(() -> tableInLastInventory(before, "Heap \"Quoted\"; DROP TABLE x"), Optional::isPresent)
                .orElseThrow();
        JsonObject altered = await().atMost(TIMEOUT)
                .until(
                        () -> tableInLastInventory(before, "Heap \"Quoted\"; DROP TABLE x"),
                        found -> found.isPresent() && found.get().getBoolean("eligible"))
                .orElseThrow();
        assertThat(first.getString("reason")).isEqualTo("no primary key or replica identity");
        assertThat(altered.getString("replicaIdentity")).isEqualTo("FULL");
        assertThat(altered.getBoolean("hasPrimaryKey")).isFalse();
        assertThat(Sql.queryText(
                        "SELECT relreplident::text FROM pg_class WHERE relname = 'Heap \"Quoted\"; DROP TABLE x'"))
                .isEqualTo("f");
    }

    private Optional<JsonObject> tableInLastInventory(int after, String name) {
        return mirrorService
                .acceptedInventoryAfter(after)
                .map(inventory -> inventory.getJsonArray("tables"))
                .flatMap(tables -> find(tables, name));
    }

    private static Optional<JsonObject> find(JsonArray tables, String name) {
        return tables.stream()
                .map(JsonObject.class::cast)
                .filter(table -> "public".equals(table.getString("schema")) && name.equals(table.getString("table")))
                .findFirst();
    }
}
