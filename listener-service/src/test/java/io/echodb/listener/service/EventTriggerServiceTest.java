package io.echodb.listener.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.echodb.listener.config.ListenerConfig;
import io.echodb.listener.domain.EventTriggerState;
import io.echodb.listener.testing.InjectMirrorServiceStub;
import io.echodb.listener.testing.MirrorServiceStub;
import io.echodb.listener.testing.MirrorServiceStubTestResource;
import io.echodb.listener.testing.Sql;
import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.TestPostgres;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * With {@code echodb.listener.install-trigger=false} the service only checks for the trigger: it reports it
 * missing, keeps listening, and finds it once a DBA has run the script. Installing without the privilege
 * fails with a message that names the setting.
 */
@QuarkusTest
@TestProfile(EventTriggerServiceTest.CheckOnly.class)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = MirrorServiceStubTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class EventTriggerServiceTest {

    private static final String CHECK = "checks.find { it.name == 'listener-connection' }";

    /** The service may not install the trigger. */
    public static class CheckOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("echodb.listener.install-trigger", "false");
        }
    }

    @InjectMirrorServiceStub
    MirrorServiceStub mirrorService;

    @Inject
    EventTriggerService triggers;

    @Inject
    ListenerConfig config;

    @Inject
    Vertx vertx;

    @Test
    void withoutInstallTheTriggerIsReportedMissingUntilADbaRunsTheScript() {
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().when()
                        .get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body(CHECK + ".data.eventTrigger", is("MISSING")));
        assertThat(Sql.queryLong("SELECT count(*) FROM pg_event_trigger")).isZero();

        Sql.run(EventTriggerService.loadScript());

        assertThat(triggers.ensure().await().atMost(Duration.ofSeconds(10))).isEqualTo(EventTriggerState.INSTALLED);
        given().when().get("/q/health/ready").then().body(CHECK + ".data.eventTrigger", is("INSTALLED"));
        Sql.run("CREATE TABLE public.after_dba_install (id int PRIMARY KEY)");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> mirrorService
                        .acceptedEvent("public", "after_dba_install")
                        .isPresent());
    }

    @Test
    void installingWithoutThePrivilegeNamesTheSetting() {
        String role = "echodb_plain_" + PostgresTestResource.database();
        Sql.run("CREATE ROLE " + role + " LOGIN; GRANT CREATE ON DATABASE " + PostgresTestResource.database() + " TO "
                + role);
        PgConnectOptions options = PgConnectOptions.fromUri(
                        TestPostgres.shared().reactiveUrl(PostgresTestResource.database()))
                .setUser(role);
        Pool unprivileged = Pool.newInstance(PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(1))
                .connectingTo(options)
                .using(vertx.getDelegate())
                .build());
        try {
            EventTriggerService service = new EventTriggerService(unprivileged, config, Optional.of(role));

            assertThatThrownBy(() -> service.install().await().atMost(Duration.ofSeconds(10)))
                    .isInstanceOf(EventTriggerPrivilegeException.class)
                    .hasMessageContaining("echodb.listener.install-trigger")
                    .hasMessageContaining("ECHODB_LISTENER_INSTALL_TRIGGER")
                    .hasMessageContaining(role);
        } finally {
            unprivileged.closeAndAwait();
        }
    }
}
