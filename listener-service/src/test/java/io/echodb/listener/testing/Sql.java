package io.echodb.listener.testing;

import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** SQL against the database of the running {@code @QuarkusTest}, as the superuser, autocommit. */
public final class Sql {

    private Sql() {}

    /** Runs one statement or a script. */
    public static void run(String sql) {
        TestPostgres.shared().execute(PostgresTestResource.database(), sql);
    }

    /** The first column of the first row of {@code query}, as a long; 0 when there is no row. */
    public static long queryLong(String query) {
        try (Connection connection = TestPostgres.shared().connect(PostgresTestResource.database());
                PreparedStatement statement = connection.prepareStatement(query);
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed: " + e.getMessage(), e);
        }
    }

    /** The first column of the first row of {@code query}, as text; null when there is no row. */
    public static String queryText(String query) {
        try (Connection connection = TestPostgres.shared().connect(PostgresTestResource.database());
                PreparedStatement statement = connection.prepareStatement(query);
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed: " + e.getMessage(), e);
        }
    }
}
