package io.echodb.listener.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.echodb.listener.config.ListenerConfig;
import io.echodb.listener.domain.ClassifiedTable;
import io.echodb.listener.metrics.LastErrorService;
import io.echodb.listener.metrics.ListenerMetrics;
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
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Fast and correct at once" with {@code settle-delay=3s} and {@code no-primary-key=replica-identity-full}: a
 * table complete at creation is published at once; one without key is looked at again after the settle delay,
 * and only then gets REPLICA IDENTITY FULL — unless its key arrived meanwhile.
 */
@QuarkusTest
@TestProfile(ReplicaIdentityServiceTest.SettleThenFull.class)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = MirrorServiceStubTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ReplicaIdentityServiceTest {

    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** A settle delay long enough to tell "at once" from "after settling". */
    public static class SettleThenFull implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "echodb.listener.settle-delay", "3s",
                    "echodb.listener.no-primary-key", "replica-identity-full");
        }
    }

    @InjectMirrorServiceStub
    MirrorServiceStub mirrorService;

    @Inject
    MeterRegistry registry;

    @Inject
    ListenerConfig config;

    @Inject
    TableClassifier classifier;

    @Inject
    Vertx vertx;

    @BeforeEach
    void listening() {
        Listening.awaitReady();
    }

    @Test
    void aTableCompleteAtCreationIsPublishedWithoutWaiting() {
        Sql.run("CREATE TABLE public.keyed_at_once (id int PRIMARY KEY)");

        JsonObject event = await().atMost(SETTLE.minusMillis(500))
                .until(() -> mirrorService.acceptedEvent("public", "keyed_at_once"), found -> found.isPresent())
                .orElseThrow();
        assertThat(event.getBoolean("eligible")).isTrue();
    }

    @Test
    void aKeyAddedWithinTheSettleDelayMakesTheTableEligibleUnaltered() {
        double settled = registry.counter(ListenerMetrics.NOTIFICATIONS_SETTLED).count();
        Sql.run("CREATE TABLE public.restored_later (id int NOT NULL, note text)");
        await().atMost(TIMEOUT)
                .until(() ->
                        registry.counter(ListenerMetrics.NOTIFICATIONS_SETTLED).count() > settled);

        Sql.run("ALTER TABLE public.restored_later ADD PRIMARY KEY (id)");

        JsonObject event = awaitEvent("restored_later");
        assertThat(event.getBoolean("eligible")).isTrue();
        assertThat(event.getBoolean("hasPrimaryKey")).isTrue();
        assertThat(event.getString("replicaIdentity")).isEqualTo("DEFAULT");
        assertThat(Sql.queryText("SELECT relreplident::text FROM pg_class WHERE relname = 'restored_later'"))
                .isEqualTo("d");
    }

    @Test
    void aTableStillWithoutKeyAfterTheSettleDelayGetsReplicaIdentityFull() {
        Instant created = Instant.now();
        Sql.run("CREATE TABLE public.\"Keyless \"\"Log\"\"\" (line text)");

        JsonObject event = awaitEvent("Keyless \"Log\"");

        assertThat(Duration.between(created, Instant.now())).isGreaterThanOrEqualTo(SETTLE.minusMillis(100));
        assertThat(event.getBoolean("eligible")).isTrue();
        assertThat(event.getString("replicaIdentity")).isEqualTo("FULL");
        assertThat(event.getBoolean("hasPrimaryKey")).isFalse();
        assertThat(Sql.queryText("SELECT relreplident::text FROM pg_class WHERE relname = 'Keyless \"Log\"'"))
                .isEqualTo("f");
    }

    @Test
    void whenTheTableCannotBeAlteredItIsIneligibleWithPostgresReason() {
        // session_replication_role = replica keeps the event trigger quiet, so only this test touches the table.
        Sql.run("SET session_replication_role = replica; CREATE TABLE public.owned_elsewhere (id int)");
        Pool unprivileged = Roles.poolAs(vertx, Roles.createPlainRole("echodb_not_owner"));
        try {
            TableCatalogRepository catalog = new TableCatalogRepository(unprivileged);
            ReplicaIdentityService service =
                    new ReplicaIdentityService(config, catalog, classifier, new LastErrorService(), registry);
            ClassifiedTable before = catalog.findByName("public", "owned_elsewhere")
                    .map(found -> new ClassifiedTable(found.orElseThrow(), classifier.classify(found.orElseThrow())))
                    .await()
                    .atMost(TIMEOUT);

            ClassifiedTable after = service.settle(before).await().atMost(TIMEOUT);

            assertThat(after.verdict().eligible()).isFalse();
            assertThat(after.verdict().reason())
                    .startsWith("no primary key or replica identity, and REPLICA IDENTITY FULL could not be set: ")
                    .contains("must be owner of table owned_elsewhere");
            assertThat(Sql.queryText("SELECT relreplident::text FROM pg_class WHERE relname = 'owned_elsewhere'"))
                    .isEqualTo("d");
        } finally {
            unprivileged.closeAndAwait();
        }
    }

    private JsonObject awaitEvent(String table) {
        return await().atMost(TIMEOUT)
                .until(() -> mirrorService.acceptedEvent("public", table), found -> found.isPresent())
                .orElseThrow();
    }
}
