package io.echodb.mirror;

import io.echodb.testing.TestPostgres;
import io.echodb.testing.peerdb.PeerDbEmulatorTestResource;
import org.eclipse.microprofile.config.ConfigProvider;

/** The emulator's source database (from {@link PeerDbTestResource}), for creating real tables in tests. */
public final class SourceDatabase {

    private SourceDatabase() {}

    /** Runs {@code sql} in the source database. */
    public static void execute(String sql) {
        String database =
                ConfigProvider.getConfig().getValue(PeerDbEmulatorTestResource.SOURCE_DATABASE_PROPERTY, String.class);
        TestPostgres.shared().execute(database, sql);
    }

    /** Creates {@code public.<table>} with a primary key, unless it exists. */
    public static void createTable(String table) {
        execute("CREATE TABLE IF NOT EXISTS public." + table + " (id bigint PRIMARY KEY, note text)");
    }
}
