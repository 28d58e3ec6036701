package io.echodb.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestPostgresTest {

    @Test
    void sharedServerSupportsLogicalReplicationSlots() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        String database = postgres.createDatabase("fixture");

        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement()) {
            ResultSet walLevel = statement.executeQuery("SHOW wal_level");
            walLevel.next();
            assertThat(walLevel.getString(1)).isEqualTo("logical");

            statement.execute("SELECT pg_create_logical_replication_slot('fixture_slot', 'pgoutput')");
            ResultSet slots = statement.executeQuery(
                    "SELECT slot_type, database FROM pg_replication_slots WHERE slot_name = 'fixture_slot'");
            assertThat(slots.next()).isTrue();
            assertThat(slots.getString("slot_type")).isEqualTo("logical");
            assertThat(slots.getString("database")).isEqualTo(database);
            statement.execute("SELECT pg_drop_replication_slot('fixture_slot')");
        }
    }
}
