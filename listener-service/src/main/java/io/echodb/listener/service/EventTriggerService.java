package io.echodb.listener.service;

import io.echodb.listener.config.ListenerConfig;
import io.echodb.listener.domain.EventTriggerState;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Installs ({@code echodb.listener.install-trigger=true}) or checks the event trigger that notifies this
 * service of new tables. The script is the resource {@value #SCRIPT}, the same file a DBA runs with psql.
 */
@ApplicationScoped
public class EventTriggerService {

    /** Classpath resource of the idempotent installation script. */
    public static final String SCRIPT = "db/echodb-event-trigger.sql";

    /** Name of the {@code ddl_command_end} event trigger created by the script. */
    public static final String CREATED_TRIGGER = "echodb_table_created";

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private static final String FIND_TRIGGER =
            "SELECT evtenabled::text AS enabled FROM pg_catalog.pg_event_trigger WHERE evtname = $1";

    private final Pool pool;
    private final ListenerConfig config;
    private final String user;
    private final String script;
    private volatile EventTriggerState state = EventTriggerState.UNKNOWN;

    public EventTriggerService(
            Pool pool,
            ListenerConfig config,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user) {
        this.pool = pool;
        this.config = config;
        this.user = user.orElse("(default user)");
        this.script = loadScript();
    }

    /** The state found by the last {@link #ensure()}; {@code UNKNOWN} before the first one finished. */
    public EventTriggerState state() {
        return state;
    }

    /**
     * Installs the trigger when {@code echodb.listener.install-trigger} is true, then reads its state from
     * {@code pg_event_trigger}; logs a warning when it is missing or disabled.
     *
     * @return the state found; fails with {@link EventTriggerPrivilegeException} when installing is not
     *     permitted, or with the client's exception when the database cannot be reached
     */
    public Uni<EventTriggerState> ensure() {
        Uni<Void> installed =
                config.installTrigger() ? install() : Uni.createFrom().voidItem();
        return installed
                .chain(() -> pool.preparedQuery(FIND_TRIGGER).execute(Tuple.of(CREATED_TRIGGER)))
                .map(EventTriggerService::stateOf)
                .invoke(this::report);
    }

    /**
     * Runs the installation script (idempotent) whatever {@code echodb.listener.install-trigger} says.
     *
     * @return fails with {@link EventTriggerPrivilegeException} when the user may not create event triggers
     */
    public Uni<Void> install() {
        return pool.query(script)
                .execute()
                .onFailure(EventTriggerService::lacksPrivilege)
                .transform(this::privilegeError)
                .invoke(() -> Log.infof("Installed the event trigger %s (script %s)", CREATED_TRIGGER, SCRIPT))
                .replaceWithVoid();
    }

    private void report(EventTriggerState found) {
        state = found;
        switch (found) {
            case INSTALLED -> Log.debugf("Event trigger %s is installed and enabled", CREATED_TRIGGER);
            case DISABLED ->
                Log.warnf(
                        "Event trigger %s is disabled: new tables are only found by the inventory. "
                                + "Enable it with ALTER EVENT TRIGGER %s ENABLE",
                        CREATED_TRIGGER, CREATED_TRIGGER);
            default ->
                Log.warnf(
                        "Event trigger %s is not installed: new tables are only found by the inventory. "
                                + "Have a superuser run %s with psql, or set echodb.listener.install-trigger=true "
                                + "(env ECHODB_LISTENER_INSTALL_TRIGGER) when this service connects as a superuser",
                        CREATED_TRIGGER, SCRIPT);
        }
    }

    private static EventTriggerState stateOf(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return EventTriggerState.MISSING;
        }
        return "D".equals(rows.iterator().next().getString("enabled"))
                ? EventTriggerState.DISABLED
                : EventTriggerState.INSTALLED;
    }

    private static boolean lacksPrivilege(Throwable failure) {
        return failure instanceof PgException pg && INSUFFICIENT_PRIVILEGE.equals(pg.getSqlState());
    }

    private Throwable privilegeError(Throwable failure) {
        return new EventTriggerPrivilegeException(
                "echodb.listener.install-trigger is true but database user \"" + user
                        + "\" may not install the event trigger (" + ((PgException) failure).getErrorMessage()
                        + "). Installing event triggers needs a superuser: connect as one, or set "
                        + "echodb.listener.install-trigger=false (env ECHODB_LISTENER_INSTALL_TRIGGER) and have a "
                        + "DBA run " + SCRIPT + " with psql.",
                failure);
    }

    /**
     * The installation script, as shipped in resource {@value #SCRIPT}.
     *
     * @throws IllegalStateException when the resource is missing
     */
    public static String loadScript() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + SCRIPT + " is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + SCRIPT, e);
        }
    }
}
