package io.echodb.listener.testing;

import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.TestPostgres;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/** Connections as a plain (not superuser) role, to watch the service meet PostgreSQL's privilege checks. */
public final class Roles {

    private Roles() {}

    /**
     * Creates login role {@code prefix_<database>} with USAGE on schema {@code public} in the test's database.
     *
     * @return the role's name
     */
    public static String createPlainRole(String prefix) {
        String role = prefix + "_" + PostgresTestResource.database();
        Sql.run("CREATE ROLE " + role + " LOGIN; GRANT USAGE ON SCHEMA public TO " + role);
        return role;
    }

    /** A one-connection pool to the test's database as {@code role}; close it when done. */
    public static Pool poolAs(Vertx vertx, String role) {
        return Pool.newInstance(PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(1))
                .connectingTo(
                        PgConnectOptions.fromUri(TestPostgres.shared().reactiveUrl(PostgresTestResource.database()))
                                .setUser(role))
                .using(vertx.getDelegate())
                .build());
    }
}
