package io.echodb.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestPostgresTest {

    @Test
    void sharedServerRunsTheConfiguredMajorVersion() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        PostgresVersion configured = PostgresVersion.configured();

        try (Connection connection = postgres.connect("postgres");
                Statement statement = connection.createStatement()) {
            ResultSet version = statement.executeQuery("SELECT current_setting('server_version_num')::int / 10000");
            version.next();
            assertThat(version.getInt(1))
                    .isEqualTo(configured.major())
                    .isEqualTo(postgres.version().major());
        }
    }

    @Test
    void anUnsupportedVersionSettingIsNamedInTheError() {
        assertThatThrownBy(() -> withProperty("12", PostgresVersion::configured))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("echodb.test.postgres.version='12' is not a supported PostgreSQL major version: use one of"
                        + " [13, 14, 15, 16, 17, 18]");
        assertThatThrownBy(() -> withProperty("latest", PostgresVersion::configured))
                .hasMessageStartingWith("echodb.test.postgres.version='latest' is not a supported");
        assertThat(withProperty(" 13 ", PostgresVersion::configured).major()).isEqualTo(13);
    }

    private static <T> T withProperty(String value, java.util.function.Supplier<T> action) {
        String before = System.getProperty(PostgresVersion.PROPERTY);
        System.setProperty(PostgresVersion.PROPERTY, value);
        try {
            return action.get();
        } finally {
            if (before == null) {
                System.clearProperty(PostgresVersion.PROPERTY);
            } else {
                System.setProperty(PostgresVersion.PROPERTY, before);
            }
        }
    }

    @Test
    void sharedServerSupportsLogicalReplicationSlots() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        String database = postgres.createDatabase("fixture");

        try (Connection connection = postgres.connect(database);
                Statement statement = connection.createStatement()) {
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
