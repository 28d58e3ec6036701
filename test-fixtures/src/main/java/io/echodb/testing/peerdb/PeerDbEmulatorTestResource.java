package io.echodb.testing.peerdb;

import io.echodb.testing.TestPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Attaches a fresh {@link PeerDbEmulator} to a {@code @QuarkusTest}: a new database on the JVM's shared
 * {@link TestPostgres} server acts as the source, and the emulator knows the peers {@value #SOURCE_PEER}
 * (POSTGRES, that database, superuser) and {@value #DESTINATION_PEER} (CLICKHOUSE).
 *
 * <p>Returns {@value #URL_PROPERTY} = {@link PeerDbEmulator#baseUrl()} and {@value #SOURCE_DATABASE_PROPERTY} =
 * the source database name (create tables there with {@code TestPostgres.shared().execute(db, sql)}). Injects
 * the running emulator into test fields annotated with {@link InjectPeerDbEmulator}. Call
 * {@link PeerDbEmulator#reset()} before each test to keep tests independent. On stop, the slots and
 * publications the emulator created are dropped.
 */
public class PeerDbEmulatorTestResource implements QuarkusTestResourceLifecycleManager {

    /** The REST client URL of the services' PeerDB client ({@code configKey = "peerdb"}). */
    public static final String URL_PROPERTY = "quarkus.rest-client.peerdb.url";

    /** Name of the database behind {@value #SOURCE_PEER}. */
    public static final String SOURCE_DATABASE_PROPERTY = "echodb.test.source-database";

    /** The Postgres source peer. */
    public static final String SOURCE_PEER = "postgres_main";

    /** The ClickHouse destination peer. */
    public static final String DESTINATION_PEER = "clickhouse_analytics";

    private PeerDbEmulator emulator;

    @Override
    public Map<String, String> start() {
        TestPostgres postgres = TestPostgres.shared();
        String database = postgres.createDatabase("echodb_source");
        emulator = PeerDbEmulator.builder()
                .peer(PeerDbEmulator.Peer.postgres(SOURCE_PEER, postgres.jdbcUrl(database), TestPostgres.SUPERUSER, ""))
                .peer(PeerDbEmulator.Peer.clickhouse(DESTINATION_PEER))
                .build()
                .start();
        return Map.of(URL_PROPERTY, emulator.baseUrl(), SOURCE_DATABASE_PROPERTY, database);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                emulator, new TestInjector.AnnotatedAndMatchesType(InjectPeerDbEmulator.class, PeerDbEmulator.class));
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.reset();
            emulator.stop();
            emulator = null;
        }
    }
}
