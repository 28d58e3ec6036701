package io.echodb.bench;

import io.echodb.e2e.LocalStack;
import io.echodb.testing.TestPostgres;
import io.echodb.testing.peerdb.FlowStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.logging.Logger;

/**
 * The main path, one table at a time: {@code CREATE TABLE} committed by a JDBC client in this JVM, then the time
 * until (a) a bare {@link NotificationProbe PgSubscriber} in this JVM receives the trigger's notification (the
 * floor: what PostgreSQL itself takes) and (b) the PeerDB emulator, also in this JVM, receives the create request
 * for that table ({@code receivedNanos}). Both are differences of {@link System#nanoTime()} in one JVM.
 *
 * <p>Each table is its own transaction (autocommit); the next table is created only after the previous one's
 * create request arrived and its mirror left {@code STATUS_SETUP} (the emulator has created its publication and
 * slot), so the measurements do not overlap. A few warm-up tables are created first and not counted.
 */
final class LatencyBenchmark {

    private static final Logger LOG = Logger.getLogger(LatencyBenchmark.class);
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(30);
    private static final int GIVE_UP_AFTER_MISSES = 3;
    /** mirror-service's timer of each PeerDB call ({@code echodb.peerdb.request}, tag {@code operation}). */
    static final String PEERDB_REQUEST = "echodb_peerdb_request_seconds";

    private final LocalStack stack;
    private final EmulatorView emulator;

    LatencyBenchmark(LocalStack stack) {
        this.stack = stack;
        this.emulator = new EmulatorView(stack.peerDb());
    }

    /**
     * One series.
     *
     * @param label what was measured, e.g. {@code default settings}
     * @param mainPathMs commit → create request at PeerDB, ms, one per table that arrived
     * @param floorMs commit → notification at the bare subscriber, ms
     * @param missed tables whose create request did not arrive within 30 s
     * @param peerDbRequestMeanMs mean duration of mirror-service's PeerDB calls during the counted tables, per
     *     operation ({@code echodb.peerdb.request}, e.g. {@code validate}, {@code create}), ms; empty when not
     *     exported
     */
    record Series(
            String label,
            List<Double> mainPathMs,
            List<Double> floorMs,
            int missed,
            Map<String, Double> peerDbRequestMeanMs) {

        Distribution mainPath() {
            return Distribution.of(mainPathMs);
        }

        Distribution floor() {
            return Distribution.of(floorMs);
        }
    }

    /**
     * Creates {@code warmup} uncounted, then {@code tables} counted tables named {@code prefix_<n>} in
     * {@code public}, one after another.
     *
     * @throws IllegalStateException when several tables in a row are not mirrored (the path is broken)
     */
    Series run(String label, String prefix, int warmup, int tables) throws SQLException {
        TestPostgres postgres = stack.postgres();
        List<Double> mainPath = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        AtomicInteger missed = new AtomicInteger();
        int consecutiveMisses = 0;
        Http.Metrics before = null;
        try (NotificationProbe probe =
                        NotificationProbe.start(postgres.port(), LocalStack.DATABASE, TestPostgres.SUPERUSER);
                Connection connection = postgres.connect(LocalStack.DATABASE);
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            for (int i = 1; i <= warmup + tables; i++) {
                boolean counted = i > warmup;
                if (i == warmup + 1) {
                    before = Http.metrics(mirrorService());
                }
                String table = String.format("%s_%04d", prefix, i);
                String qualified = "public." + table;
                int seenCreates = emulator.creates().size();
                statement.execute("CREATE TABLE " + qualified + " (id bigint PRIMARY KEY, note text)");
                long committed = System.nanoTime();
                Optional<EmulatorView.Create> create = awaitCreate(qualified, seenCreates);
                OptionalLong notified = probe.arrival(qualified, Duration.ofSeconds(5));
                if (create.isEmpty()) {
                    missed.incrementAndGet();
                    LOG.warnf("%s: no create request for %s within %s", label, qualified, CREATE_TIMEOUT);
                    if (++consecutiveMisses >= GIVE_UP_AFTER_MISSES) {
                        throw new IllegalStateException(GIVE_UP_AFTER_MISSES + " tables in a row were not "
                                + "mirrored; see the service logs in " + stack.logDirectory());
                    }
                    continue;
                }
                consecutiveMisses = 0;
                if (counted) {
                    mainPath.add((create.get().receivedNanos() - committed) / 1e6);
                    notified.ifPresent(nanos -> floor.add((nanos - committed) / 1e6));
                }
                awaitSetupDone(create.get().mirror());
                if (counted && (i - warmup) % 50 == 0) {
                    LOG.infof("%s: %d/%d tables", label, i - warmup, tables);
                }
            }
        }
        Map<String, Double> peerDbMeans = before == null
                ? Map.of()
                : Http.metrics(mirrorService()).meanMsSince(before, PEERDB_REQUEST, "operation");
        return new Series(label, mainPath, floor, missed.get(), peerDbMeans);
    }

    private String mirrorService() {
        return stack.service("mirror-service").baseUrl();
    }

    private Optional<EmulatorView.Create> awaitCreate(String qualifiedTable, int seenCreates) {
        try {
            return Optional.of(Awaitility.await()
                    .atMost(CREATE_TIMEOUT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(5))
                    .until(
                            () -> emulator.createsFrom(seenCreates).stream()
                                    .filter(create -> create.tables().contains(qualifiedTable))
                                    .findFirst(),
                            Optional::isPresent)
                    .orElseThrow());
        } catch (ConditionTimeoutException e) {
            return Optional.empty();
        }
    }

    /** Waits (at most 10 s) until the emulator has set the mirror up, so that its slot creation is not measured. */
    private void awaitSetupDone(String mirror) {
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> stack.peerDb()
                            .mirror(mirror)
                            .map(snapshot -> snapshot.status() != FlowStatus.STATUS_SETUP)
                            .orElse(false));
        } catch (ConditionTimeoutException e) {
            LOG.warnf("mirror %s still in STATUS_SETUP after 10 s", mirror);
        }
    }
}
