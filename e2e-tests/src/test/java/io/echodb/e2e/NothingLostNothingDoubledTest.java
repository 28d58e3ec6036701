package io.echodb.e2e;

import static org.awaitility.Awaitility.await;

import io.echodb.testing.peerdb.FlowStatus;
import io.echodb.testing.peerdb.MirrorSnapshot;
import io.echodb.testing.peerdb.PeerDbFault;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault suite: LISTEN/NOTIFY keeps nothing, yet every eligible table must end up in exactly one
 * mirror whatever happens to the processes, the LISTEN connection or PeerDB. Each case creates its own
 * tables (own prefix) while a fault is in force, ends the fault, and checks what PeerDB (the emulator)
 * holds: every table mirrored exactly once, nothing else mirrored, no mirror left paused.
 *
 * <p>The suite prints its totals (cases, tables, lost, doubled) as its last lines.
 */
class NothingLostNothingDoubledTest {

    /** How long convergence may take after a fault ends: a few inventory periods and retry rounds. */
    private static final Duration CONVERGED_WITHIN = Duration.ofSeconds(120);

    private static final AtomicInteger CASES = new AtomicInteger();
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final AtomicInteger LOST = new AtomicInteger();
    private static final AtomicInteger DOUBLED = new AtomicInteger();

    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        Path projectRoot = Path.of(System.getProperty("user.dir")).getParent();
        stack = LocalStack.start(
                projectRoot,
                null,
                Map.of(
                        "ECHODB_LISTENER_INVENTORY_INTERVAL", "5s",
                        "MAX_RETRIES", "2",
                        "RETRY_DELAY", "1",
                        "ECHODB_ALERT_POLL_INTERVAL", "30s"));
    }

    @AfterEach
    void healPeerDb() {
        stack.peerDb().clearFaults();
        stack.peerDb().up();
    }

    @AfterAll
    static void stopStackAndPrintTotals() {
        if (stack != null) {
            stack.close();
        }
        System.out.println("fault suite totals:");
        System.out.printf("cases: %d%n", CASES.get());
        System.out.printf("tables: %d%n", TABLES.get());
        System.out.printf("lost: %d%n", LOST.get());
        System.out.printf("doubled: %d%n", DOUBLED.get());
    }

    @Test
    void listenerKilledInTheMiddleOfABurstOf200Tables() throws Exception {
        List<String> tables = names("kill", 200);
        AtomicInteger created = new AtomicInteger();
        CompletableFuture<Void> burst = CompletableFuture.runAsync(() -> createTables(tables, created, Duration.ZERO));

        await().atMost(Duration.ofSeconds(60)).until(() -> created.get() >= 60);
        stack.service("listener-service").kill();
        burst.get();
        stack.restartService("listener-service");

        assertEveryTableMirroredOnce("kill", tables);
    }

    @Test
    void listenConnectionTerminatedByTheServer() throws Exception {
        List<String> tables = names("term", 30);
        AtomicInteger created = new AtomicInteger();
        CompletableFuture<Void> creating =
                CompletableFuture.runAsync(() -> createTables(tables, created, Duration.ofMillis(50)));

        await().atMost(Duration.ofSeconds(30)).until(() -> created.get() >= 10);
        sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query ILIKE 'LISTEN%'");
        creating.get();

        assertEveryTableMirroredOnce("term", tables);
    }

    @Test
    void mirrorServiceDownFor60SecondsWhileTablesAreCreated() throws Exception {
        List<String> tables = names("mdown", 20);
        stack.service("mirror-service").close();

        createTables(tables, new AtomicInteger(), Duration.ofSeconds(3));
        stack.restartService("mirror-service");

        assertEveryTableMirroredOnce("mdown", tables);
    }

    static List<Arguments> peerDbFaults() {
        return List.of(
                new Arguments(
                        "latency",
                        () -> PeerDbFault.latency(Duration.ofSeconds(2)).forDuration(Duration.ofSeconds(10))),
                new Arguments(
                        "errorrate",
                        () -> PeerDbFault.internalError().withProbability(0.5).forDuration(Duration.ofSeconds(10))),
                new Arguments("unavailable", () -> PeerDbFault.unavailable().forDuration(Duration.ofSeconds(10))),
                new Arguments(
                        "timeouts",
                        () -> PeerDbFault.timeout(Duration.ofSeconds(40)).forDuration(Duration.ofSeconds(10))),
                new Arguments(
                        "conflicts",
                        () -> PeerDbFault.conflict()
                                .onRoute("/v1/flows/cdc/create")
                                .times(5)),
                new Arguments(
                        "malformed",
                        () -> PeerDbFault.malformed(PeerDbFault.MalformedBody.EMPTY_OBJECT)
                                .forDuration(Duration.ofSeconds(10))),
                new Arguments("reset", () -> PeerDbFault.connectionReset().forDuration(Duration.ofSeconds(10))));
    }

    /** One PeerDB failure mode, named for the case's table prefix. */
    record Arguments(String name, Supplier<PeerDbFault> fault) {
        @Override
        public String toString() {
            return name;
        }
    }

    @ParameterizedTest(name = "PeerDB {0}")
    @MethodSource("peerDbFaults")
    void peerDbMisbehavingForAWhileThenHealthy(Arguments mode) {
        String prefix = "pdb_" + mode.name();
        List<String> tables = names(prefix, 10);
        stack.peerDb().addFault(mode.fault().get());

        createTables(tables, new AtomicInteger(), Duration.ofMillis(300));

        assertEveryTableMirroredOnce(prefix, tables);
    }

    @Test
    void peerDbDownForAWhileThenHealthy() {
        List<String> tables = names("pdb_down", 10);
        stack.peerDb().down();

        createTables(tables, new AtomicInteger(), Duration.ofMillis(500));
        stack.peerDb().up();

        assertEveryTableMirroredOnce("pdb_down", tables);
    }

    private static List<String> names(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + "_t" + i).toList();
    }

    private static void createTables(List<String> tables, AtomicInteger created, Duration pause) {
        try (Connection connection = stack.postgres().connect(LocalStack.DATABASE);
                Statement statement = connection.createStatement()) {
            for (String table : tables) {
                statement.execute("CREATE TABLE public." + table + " (id bigint PRIMARY KEY, note text)");
                created.incrementAndGet();
                pace(pause);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Spreads creations over time: a load pattern of the case, not a wait for a condition. */
    private static void pace(Duration pause) {
        if (!pause.isZero()) {
            LockSupport.parkNanos(pause.toNanos());
        }
    }

    /**
     * Waits until PeerDB holds exactly one mirror for each of {@code tables}, no mirror for any other
     * table of the case, and no paused mirror; adds the case to the totals either way.
     */
    private static void assertEveryTableMirroredOnce(String prefix, List<String> tables) {
        CASES.incrementAndGet();
        TABLES.addAndGet(tables.size());
        try {
            await().atMost(CONVERGED_WITHIN)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> Outcome.of(prefix, tables).converged());
        } catch (ConditionTimeoutException e) {
            // reported below with the figures
        }
        Outcome outcome = Outcome.of(prefix, tables);
        LOST.addAndGet(outcome.lost().size());
        DOUBLED.addAndGet(outcome.doubled().size());
        if (!outcome.converged()) {
            throw new AssertionError(
                    "case " + prefix + " did not converge within " + CONVERGED_WITHIN + ": " + outcome);
        }
    }

    /** What PeerDB holds for one case's tables. */
    record Outcome(List<String> lost, List<String> doubled, List<String> unexpected, List<String> paused) {

        static Outcome of(String prefix, List<String> tables) {
            List<MirrorSnapshot> mirrors = stack.peerDb().mirrors();
            List<String> lost = new ArrayList<>();
            List<String> doubled = new ArrayList<>();
            for (String table : tables) {
                long count = mirrors.stream()
                        .filter(m -> m.sourceTables().contains("public." + table))
                        .count();
                if (count == 0) {
                    lost.add(table);
                } else if (count > 1) {
                    doubled.add(table);
                }
            }
            List<String> unexpected = mirrors.stream()
                    .flatMap(m -> m.sourceTables().stream())
                    .filter(t ->
                            t.startsWith("public." + prefix + "_") && !tables.contains(t.substring("public.".length())))
                    .toList();
            List<String> paused = mirrors.stream()
                    .filter(m -> m.status() == FlowStatus.STATUS_PAUSED || m.status() == FlowStatus.STATUS_PAUSING)
                    .map(MirrorSnapshot::name)
                    .toList();
            return new Outcome(lost, doubled, unexpected, paused);
        }

        boolean converged() {
            return lost.isEmpty() && doubled.isEmpty() && unexpected.isEmpty() && paused.isEmpty();
        }
    }

    private static void sql(String statement) throws SQLException {
        try (Connection connection = stack.postgres().connect(LocalStack.DATABASE);
                Statement jdbc = connection.createStatement()) {
            jdbc.execute(statement);
        }
    }
}
