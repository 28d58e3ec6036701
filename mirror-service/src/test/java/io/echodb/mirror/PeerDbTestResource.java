package io.echodb.mirror;

import io.echodb.testing.peerdb.PeerDbEmulatorTestResource;
import java.util.Map;

/**
 * {@link PeerDbEmulatorTestResource}, first making the PostgreSQL JDBC driver usable from this application's
 * class loader.
 *
 * <p>Workaround: {@code TestPostgres} (test-fixtures) connects through {@code DriverManager}, which only hands
 * out drivers whose class is visible from the caller's class loader. Quarkus loads test resources in a new
 * class loader at each application restart, so from the second restart on in one JVM {@code DriverManager}
 * answers "No suitable driver". Initialising {@code org.postgresql.Driver} here registers a driver from the
 * current class loader. Drop this class once test-fixtures connects without {@code DriverManager}.
 */
public class PeerDbTestResource extends PeerDbEmulatorTestResource {

    @Override
    public Map<String, String> start() {
        try {
            Class.forName("org.postgresql.Driver", true, PeerDbTestResource.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the PostgreSQL JDBC driver is not on the test classpath", e);
        }
        return super.start();
    }
}
