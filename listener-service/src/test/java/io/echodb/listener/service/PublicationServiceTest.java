package io.echodb.listener.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.echodb.listener.config.ListenerConfig;
import io.echodb.listener.domain.ClassifiedTable;
import io.echodb.listener.domain.Inventory;
import io.echodb.listener.domain.InventoryTable;
import io.echodb.listener.metrics.LastErrorService;
import io.echodb.listener.testing.InjectMirrorServiceStub;
import io.echodb.listener.testing.Listening;
import io.echodb.listener.testing.MirrorServiceStub;
import io.echodb.listener.testing.MirrorServiceStubTestResource;
import io.echodb.listener.testing.Roles;
import io.echodb.listener.testing.Sql;
import io.echodb.testing.PostgresTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With a custom publication (docs/contracts.md §7) every eligible table is in it before it is reported
 * eligible, from a notification or an inventory; a table that cannot be added is reported ineligible.
 */
@QuarkusTest
@TestProfile(PublicationServiceTest.CustomPublication.class)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = MirrorServiceStubTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class PublicationServiceTest {

    private static final String PUBLICATION = "echodb_custom_pub";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** Mirrors use publication {@value #PUBLICATION}. */
    public static class CustomPublication implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("echodb.listener.publication-name", PUBLICATION);
        }
    }

    @InjectMirrorServiceStub
    MirrorServiceStub mirrorService;

    @Inject
    InventoryService inventory;

    @Inject
    ListenerConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    Vertx vertx;

    @BeforeEach
    void publicationExists() {
        Sql.run("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = '" + PUBLICATION + "') THEN"
                + " CREATE PUBLICATION " + PUBLICATION + "; END IF; END $$");
        Listening.awaitReady();
    }

    @Test
    void anEligibleNewTableIsInThePublicationBeforeItIsReported() {
        Sql.run("CREATE TABLE public.\"Published \"\"Orders\"\"\" (id int PRIMARY KEY)");
        Sql.run("CREATE UNLOGGED TABLE public.not_published (id int PRIMARY KEY)");

        JsonObject event = awaitEvent("Published \"Orders\"");
        JsonObject skipped = awaitEvent("not_published");

        assertThat(event.getBoolean("eligible")).isTrue();
        assertThat(published("Published \"Orders\"")).isTrue();
        assertThat(skipped.getBoolean("eligible")).isFalse();
        assertThat(published("not_published")).isFalse();
    }

    @Test
    void theInventoryAddsWhatTheNotificationsMissedAndLeavesMembersAlone() {
        Sql.run("SET session_replication_role = replica;"
                + " CREATE TABLE public.missed_member (id int PRIMARY KEY);"
                + " CREATE TABLE public.already_member (id int PRIMARY KEY);"
                + " ALTER PUBLICATION " + PUBLICATION + " ADD TABLE public.already_member");

        Inventory taken = inventory.take().await().atMost(TIMEOUT);

        assertThat(taken.tables())
                .filteredOn(t -> t.table().equals("missed_member") || t.table().equals("already_member"))
                .hasSize(2)
                .allMatch(InventoryTable::eligible);
        assertThat(published("missed_member")).isTrue();
        assertThat(published("already_member")).isTrue();
    }

    @Test
    void aTableThatCannotBeAddedIsIneligibleWithPostgresReason() {
        Sql.run("SET session_replication_role = replica; CREATE TABLE public.guarded (id int PRIMARY KEY)");
        Pool unprivileged = Roles.poolAs(vertx, Roles.createPlainRole("echodb_pub_stranger"));
        try {
            TableCatalogRepository catalog = new TableCatalogRepository(unprivileged);
            PublicationService service = new PublicationService(config, catalog, new LastErrorService(), registry);
            TableClassifier classifier = new TableClassifier(config);
            ClassifiedTable guarded = catalog.findByName("public", "guarded")
                    .map(found -> new ClassifiedTable(found.orElseThrow(), classifier.classify(found.orElseThrow())))
                    .await()
                    .atMost(TIMEOUT);

            ClassifiedTable after = service.ensureMember(guarded).await().atMost(TIMEOUT);

            assertThat(guarded.verdict().eligible()).isTrue();
            assertThat(after.verdict().eligible()).isFalse();
            assertThat(after.verdict().reason())
                    .startsWith("could not be added to publication \"echodb_custom_pub\": ")
                    .contains("must be owner");
            assertThat(published("guarded")).isFalse();
        } finally {
            unprivileged.closeAndAwait();
        }
    }

    private static boolean published(String table) {
        return Sql.queryLong("SELECT count(*) FROM pg_publication_rel r JOIN pg_publication p ON p.oid = r.prpubid"
                        + " JOIN pg_class c ON c.oid = r.prrelid WHERE p.pubname = '" + PUBLICATION
                        + "' AND c.relname = '"
                        + table.replace("'", "''") + "'")
                == 1;
    }

    private JsonObject awaitEvent(String table) {
        return await().atMost(TIMEOUT)
                .until(() -> mirrorService.acceptedEvent("public", table), found -> found.isPresent())
                .orElseThrow();
    }
}
