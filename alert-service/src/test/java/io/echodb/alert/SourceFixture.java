package io.echodb.alert;

import static io.restassured.RestAssured.given;

import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.TestPostgres;

/** The test's source database (from {@link PostgresTestResource}) and the running service's metrics. */
public final class SourceFixture {

    private SourceFixture() {}

    /** Runs {@code statement} in the test database as the superuser. */
    public static void sql(String statement) {
        TestPostgres.shared().execute(PostgresTestResource.database(), statement);
    }

    /** Creates the logical slot {@code slot} (pgoutput, never consumed). */
    public static void createSlot(String slot) {
        sql("SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
    }

    /**
     * Creates the logical slot {@code slot}, then writes about 5 MiB of WAL into table {@code wal_for_<slot>} and
     * switches to a new WAL segment, so the slot retains well over 1 MiB.
     */
    public static void createSlotAndWriteWal(String slot) {
        createSlot(slot);
        writeWal(slot);
    }

    /** Writes about 5 MiB of WAL into table {@code wal_for_<name>}. */
    public static void writeWal(String name) {
        sql("CREATE TABLE IF NOT EXISTS wal_for_" + name + " (g int, filler text)");
        sql("INSERT INTO wal_for_" + name + " SELECT g, repeat('x', 1000) FROM generate_series(1, 5000) g");
        sql("SELECT pg_switch_wal()");
    }

    /** Drops the slots that exist among {@code slots} and their {@code wal_for_<slot>} tables. */
    public static void dropSlots(String... slots) {
        for (String slot : slots) {
            sql("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots" + " WHERE slot_name = '" + slot
                    + "'");
            sql("DROP TABLE IF EXISTS wal_for_" + slot);
        }
    }

    /**
     * The Prometheus name of the meter named {@code meter} (an {@link AlertMetrics} name), without the unit or
     * {@code _total} Prometheus appends.
     */
    public static String prometheus(String meter) {
        return meter.replace('.', '_');
    }

    /** The Prometheus exposition of {@code /q/metrics}. */
    public static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
