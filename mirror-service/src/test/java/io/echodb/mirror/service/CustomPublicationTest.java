package io.echodb.mirror.service;

import static io.echodb.mirror.rest.TableEvents.created;
import static io.echodb.mirror.rest.TableEvents.dropped;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.echodb.mirror.EmulatorTest;
import io.echodb.mirror.PeerDbTestResource;
import io.echodb.mirror.SourceDatabase;
import io.echodb.mirror.domain.SkippedTable;
import io.echodb.mirror.rest.Inventories;
import io.echodb.testing.peerdb.FlowStatus;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A second shared configuration: a custom publication that listener-service fills (contracts.md §7), and
 * {@code on-drop=keep}.
 */
@QuarkusTest
@TestProfile(CustomPublicationTest.PublicationAndKeep.class)
@WithTestResource(PeerDbTestResource.class)
class CustomPublicationTest extends EmulatorTest {

    /** Shared strategy with publication {@value #PUBLICATION}, mirrors of dropped tables kept. */
    public static class PublicationAndKeep implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "echodb.mirror.strategy",
                    "shared",
                    "echodb.mirror.publication-name",
                    PUBLICATION,
                    "echodb.mirror.on-drop",
                    "keep");
        }
    }

    private static final String PUBLICATION = "echodb_pub";
    private static final String MIRROR = "postgres_main_public";

    /** Creates {@code public.<table>} and, as listener-service does, adds it to the publication. */
    private static void createPublishedTable(String table) {
        SourceDatabase.createTable(table);
        SourceDatabase.execute("DO $$ BEGIN CREATE PUBLICATION " + PUBLICATION + "; EXCEPTION WHEN duplicate_object"
                + " THEN NULL; END $$");
        SourceDatabase.execute("DO $$ BEGIN ALTER PUBLICATION " + PUBLICATION + " ADD TABLE public." + table
                + "; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
    }

    private boolean runningWith(String... tables) {
        return emulator.mirror(MIRROR)
                .filter(mirror -> mirror.status() == FlowStatus.STATUS_RUNNING)
                .filter(mirror -> mirror.sourceTables()
                        .equals(List.of(tables).stream().map(t -> "public." + t).toList()))
                .isPresent();
    }

    @Test
    void tableMissingFromThePublicationIsSkippedWithoutBreakingTheSharedMirror() {
        createPublishedTable("pub_base");
        put(Inventories.now().eligible("pub_base"));
        await().atMost(PATIENCE).until(() -> runningWith("pub_base"));
        assertThat(emulator.mirror(MIRROR))
                .hasValueSatisfying(
                        mirror -> assertThat(mirror.publicationName()).isEqualTo(PUBLICATION));
        SourceDatabase.createTable("pub_late"); // not (yet) in the publication

        post(created("public", "pub_late"));

        await().atMost(PATIENCE)
                .until(() ->
                        List.of(given().when()
                                        .get("/api/v1/skipped-tables")
                                        .then()
                                        .extract()
                                        .as(SkippedTable[].class))
                                .stream()
                                .anyMatch(table -> table.table().equals("pub_late")
                                        && table.reason().startsWith("TABLES_NOT_IN_PUBLICATION")));
        assertThat(runningWith("pub_base")).as("not paused, not failed").isTrue();
        assertThat(emulator.logs()).noneMatch(entry -> entry.message().equals("Mirror pause signaled"));

        createPublishedTable("pub_late"); // listener-service adds it; its next inventory reports it
        put(Inventories.now().eligible("pub_base", "pub_late"));

        await().atMost(PATIENCE).until(() -> runningWith("pub_base", "pub_late"));
    }

    @Test
    void droppedTableKeepsItsPlaceWhenOnDropIsKeep() {
        createPublishedTable("keep_a");
        createPublishedTable("keep_b");
        put(Inventories.now().eligible("keep_a", "keep_b"));
        await().atMost(PATIENCE).until(() -> runningWith("keep_a", "keep_b"));

        SourceDatabase.execute("DROP TABLE public.keep_b");
        post(dropped("public", "keep_b"));
        put(Inventories.now().eligible("keep_a"));

        await().during(Duration.ofMillis(800)).atMost(PATIENCE).until(() -> runningWith("keep_a", "keep_b"));
        assertThat(emulator.requestCount("/v1/mirrors/state_change")).isZero();
    }
}
