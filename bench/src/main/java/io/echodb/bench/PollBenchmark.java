package io.echodb.bench;

import io.echodb.e2e.LocalStack;
import io.echodb.e2e.ServiceProcess;
import io.echodb.testing.peerdb.FlowStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.logging.Logger;

/**
 * alert-service's poll of one source with many replication slots (and the PeerDB emulator holding as many mirrors).
 *
 * <p>alert-service is restarted for the measurement under its own PostgreSQL login ({@value #ROLE}, a superuser
 * like the stack's), so that {@code pg_stat_statements} (preloaded in the stack's server) attributes its
 * statements to it alone: queries per cycle = statements executed by that login ÷ poll cycles, both as deltas over
 * the measurement. Statements on alert-service's own state (schema {@code echodb}), advisory locks and transaction
 * control are counted apart from the ones that poll the source ({@link #pollsSource(String)}). Cycle time = the
 * {@code echodb.alert.poll} timer ({@code echodb_alert_poll_seconds_sum ÷ _count}) over the measurement; when the
 * timer is tagged per {@code target} (each source, {@code peerdb}, {@code mirror-service}), the cycle is the sum of
 * the targets' means (an upper bound: targets polled in parallel finish sooner) and cycles are counted on the
 * source's target. Heap = {@code jvm_memory_used_bytes{area="heap"}}
 * right after a full GC ({@code jcmd <pid> GC.run}), sampled after the first minute, then every minute to the end;
 * each sample is the lowest of three GC-and-read rounds spread over one poll interval, so that a cycle's data in
 * flight does not count as retained heap.
 */
final class PollBenchmark {

    /** The login alert-service uses during the measurement. */
    static final String ROLE = "echodb_bench_alert";

    private static final Logger LOG = Logger.getLogger(PollBenchmark.class);
    private static final String ALERT = "alert-service";
    private static final String POLL_TIMER = "echodb_alert_poll_seconds";
    private static final String ALL_TARGETS = "all";
    private static final double WARM_AFTER_MINUTES = 4.0;
    private static final int READINGS_PER_SAMPLE = 3;

    private final LocalStack stack;
    private final Duration interval;

    PollBenchmark(LocalStack stack, Duration interval) {
        this.stack = stack;
        this.interval = interval;
    }

    /**
     * Heap after a full GC.
     *
     * @param minutes since the measurement started
     * @param heapMb used heap right after a full GC, MiB (the lowest of the sample's readings)
     * @param gc whether the full GC ran (false when jcmd was unavailable)
     * @param cycleMaxMs the poll timer's {@code _max} then (summed over targets), ms
     */
    record HeapSample(double minutes, double heapMb, boolean gc, double cycleMaxMs) {}

    /**
     * The measurement.
     *
     * @param slots replication slots of the source database during the measurement
     * @param mirrors mirrors in the PeerDB emulator
     * @param intervalSeconds alert-service's poll interval, s
     * @param minutes length of the measurement
     * @param cycles poll cycles in it
     * @param failedCycles of which failed
     * @param cycleMeanMs mean duration of a cycle ({@code echodb.alert.poll}; summed over targets), ms
     * @param cycleMaxMs the largest {@code _max} seen at the samples from minute 4 on (all samples in shorter runs),
     *     summed over targets, ms; Micrometer keeps a maximum for up to about 2 min 40 s, so later samples no longer
     *     hold the first, cold polls after the restart
     * @param coldCycleMaxMs the same for the samples before minute 4, ms
     * @param targetMeanMs mean poll duration per target, ms (one entry {@code all} without target tags)
     * @param queriesPerCycle statements by alert-service's login that poll the source, per cycle
     * @param otherStatementsPerCycle its other statements (alert state, locks, transactions), per cycle
     * @param baselineSlots slots during the baseline (before the many slots existed)
     * @param baselineQueriesPerCycle source statements per cycle during the baseline
     * @param baselineOtherStatementsPerCycle other statements per cycle during the baseline
     * @param statements alert-service's statements in the measurement: calls per statement text
     * @param heapFirstMb heap after the first sample's GC, MiB
     * @param heapEndMb heap after the last sample's GC, MiB
     * @param heapGrowthMb end − first, MiB
     * @param heap every sample
     * @param rssEndMb alert-service's RSS at the end, MiB
     * @param cpuMsPerCycle CPU time per cycle over the measurement, ms, per part ({@link CpuMeter}: alert-service,
     *     PostgreSQL, the emulators' JVM, the machine)
     */
    record Result(
            int slots,
            int mirrors,
            long intervalSeconds,
            double minutes,
            long cycles,
            long failedCycles,
            double cycleMeanMs,
            double cycleMaxMs,
            double coldCycleMaxMs,
            Map<String, Double> targetMeanMs,
            double queriesPerCycle,
            double otherStatementsPerCycle,
            int baselineSlots,
            double baselineQueriesPerCycle,
            double baselineOtherStatementsPerCycle,
            Map<String, Long> statements,
            double heapFirstMb,
            double heapEndMb,
            double heapGrowthMb,
            List<HeapSample> heap,
            double rssEndMb,
            Map<String, Double> cpuMsPerCycle) {}

    /** A baseline: slots then, and source and other statements per cycle. */
    record Baseline(int slots, double queriesPerCycle, double otherStatementsPerCycle) {}

    /** Installs pg_stat_statements' view, creates {@value #ROLE} and restarts alert-service under it. */
    void prepare() throws SQLException {
        try (Connection connection = stack.postgres().connect(LocalStack.DATABASE);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE
                    + "') THEN CREATE ROLE " + ROLE + " LOGIN SUPERUSER; END IF; END $$");
        }
        restartAlertService();
    }

    /** Statements per cycle over {@code cycles} cycles, with the slots there are now. */
    Baseline baseline(int cycles) throws SQLException {
        int slots = slotCount();
        Map<String, Long> before = statements();
        long cyclesBefore = cycles();
        Awaitility.await()
                .atMost(interval.multipliedBy(cycles + 3).plusSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> cycles() >= cyclesBefore + cycles);
        long done = cycles() - cyclesBefore;
        Map<String, Long> statements = delta(before, statements());
        double perCycle = total(statements, true) / (double) done;
        double otherPerCycle = total(statements, false) / (double) done;
        LOG.infof(
                "baseline: %d slots, %.2f source statements (and %.2f others) per poll cycle",
                slots, perCycle, otherPerCycle);
        return new Baseline(slots, perCycle, otherPerCycle);
    }

    /** Creates logical slots {@code bench_poll_slot_<n>} until the source has {@code slots}; returns the count. */
    int topUpSlots(int slots) throws SQLException {
        try {
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> stack.peerDb().mirrors().stream()
                            .noneMatch(mirror -> mirror.status() == FlowStatus.STATUS_SETUP));
        } catch (ConditionTimeoutException e) {
            LOG.warn("some mirrors are still in STATUS_SETUP after 2 minutes");
        }
        int existing = slotCount();
        try (Connection connection = stack.postgres().connect(LocalStack.DATABASE);
                PreparedStatement create =
                        connection.prepareStatement("SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
            for (int i = existing + 1; i <= slots; i++) {
                create.setString(1, "bench_poll_slot_" + i);
                create.execute();
            }
        }
        int now = slotCount();
        LOG.infof("source has %d replication slots (%d created by the benchmark)", now, Math.max(0, now - existing));
        return now;
    }

    /**
     * Restarts alert-service and measures for {@code duration}, with heap samples at {@code firstSample} and then
     * every {@code sampleEvery}.
     */
    Result measure(Duration duration, Duration firstSample, Duration sampleEvery, Baseline baseline)
            throws SQLException {
        ServiceProcess alert = restartAlertService();
        int slots = slotCount();
        int mirrors = stack.peerDb().mirrors().size();
        Map<String, Long> statementsBefore = statements();
        Http.Metrics start = Http.metrics(alert.baseUrl());
        CpuMeter cpu = new CpuMeter(stack);
        Map<String, Double> cpuBefore = cpu.snapshot();
        long startNanos = System.nanoTime();
        LOG.infof("polling %d slots every %s for %s", slots, interval, duration);

        TreeSet<Long> offsets = new TreeSet<>();
        offsets.add(firstSample.toMillis());
        for (long at = sampleEvery.toMillis(); at <= duration.toMillis(); at += sampleEvery.toMillis()) {
            if (at > firstSample.toMillis()) {
                offsets.add(at);
            }
        }
        offsets.add(duration.toMillis());
        List<HeapSample> heap = new ArrayList<>();
        double warmMaxMs = -1;
        double coldMaxMs = 0;
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        long gap = interval.toMillis() / READINGS_PER_SAMPLE;
        try {
            List<List<ScheduledFuture<Sample>>> samples = new ArrayList<>();
            for (long offset : offsets) {
                List<ScheduledFuture<Sample>> readings = new ArrayList<>();
                for (int k = 0; k < READINGS_PER_SAMPLE; k++) {
                    long delay = offset + k * gap - (System.nanoTime() - startNanos) / 1_000_000;
                    readings.add(scheduler.schedule(
                            () -> sample(alert, startNanos), Math.max(0, delay), TimeUnit.MILLISECONDS));
                }
                samples.add(readings);
            }
            for (List<ScheduledFuture<Sample>> readings : samples) {
                Sample sample = lowestHeap(readings);
                heap.add(sample.heap());
                if (sample.heap().minutes() >= WARM_AFTER_MINUTES) {
                    warmMaxMs = Math.max(warmMaxMs, sample.cycleMaxMs());
                } else {
                    coldMaxMs = Math.max(coldMaxMs, sample.cycleMaxMs());
                }
                LOG.infof(
                        "poll: %.1f min, heap after GC %.1f MiB, max poll %.0f ms",
                        sample.heap().minutes(), sample.heap().heapMb(), sample.cycleMaxMs());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "a poll sample failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            scheduler.shutdownNow();
        }
        Http.Metrics end = Http.metrics(alert.baseUrl());
        Map<String, Double> cpuSeconds = CpuMeter.delta(cpuBefore, cpu.snapshot());
        Map<String, Long> statements = delta(statementsBefore, statements());
        Map<String, Double> targetMeans = new LinkedHashMap<>();
        for (String target : targets(end)) {
            double count = count(end, target, null) - count(start, target, null);
            double seconds = seconds(end, target) - seconds(start, target);
            targetMeans.put(target, count == 0 ? 0 : seconds * 1000 / count);
        }
        long cycles = (long) (count(end, sourceTarget(end), null) - count(start, sourceTarget(end), null));
        long failed = (long) (count(end, sourceTarget(end), "failure") - count(start, sourceTarget(end), "failure"));
        double first = heap.get(0).heapMb();
        double last = heap.get(heap.size() - 1).heapMb();
        return new Result(
                slots,
                mirrors,
                interval.toSeconds(),
                duration.toSeconds() / 60.0,
                cycles,
                failed,
                targetMeans.values().stream().mapToDouble(Double::doubleValue).sum(),
                warmMaxMs < 0 ? coldMaxMs : warmMaxMs,
                coldMaxMs,
                targetMeans,
                cycles == 0 ? 0 : total(statements, true) / (double) cycles,
                cycles == 0 ? 0 : total(statements, false) / (double) cycles,
                baseline == null ? -1 : baseline.slots(),
                baseline == null ? -1 : baseline.queriesPerCycle(),
                baseline == null ? -1 : baseline.otherStatementsPerCycle(),
                statements,
                first,
                last,
                last - first,
                heap,
                SystemProbe.rssMb(alert.pid()),
                perCycleMs(cpuSeconds, cycles));
    }

    private record Sample(HeapSample heap, double cycleMaxMs) {}

    /** The parts that matter to the poll, CPU ms per cycle (the jcmd GC rounds are in alert-service's share). */
    private static Map<String, Double> perCycleMs(Map<String, Double> cpuSeconds, long cycles) {
        Map<String, Double> perCycle = new LinkedHashMap<>();
        for (String part : List.of(ALERT, "postgresql", "emulators and client (benchmark JVM)", CpuMeter.MACHINE)) {
            perCycle.put(part, cycles == 0 ? 0 : cpuSeconds.getOrDefault(part, 0.0) * 1000 / cycles);
        }
        return perCycle;
    }

    /**
     * One heap sample from several readings spread over a poll interval: the lowest heap (the live set between
     * cycles, without a cycle's data in flight), the highest {@code _max}.
     */
    private static Sample lowestHeap(List<ScheduledFuture<Sample>> readings)
            throws ExecutionException, InterruptedException {
        Sample lowest = null;
        double maxMs = 0;
        boolean gc = true;
        for (ScheduledFuture<Sample> future : readings) {
            Sample reading = future.get();
            maxMs = Math.max(maxMs, reading.cycleMaxMs());
            gc &= reading.heap().gc();
            if (lowest == null || reading.heap().heapMb() < lowest.heap().heapMb()) {
                lowest = reading;
            }
        }
        return new Sample(new HeapSample(lowest.heap().minutes(), lowest.heap().heapMb(), gc, maxMs), maxMs);
    }

    private Sample sample(ServiceProcess alert, long startNanos) {
        boolean gc = SystemProbe.fullGc(alert.pid());
        Http.Metrics metrics = Http.metrics(alert.baseUrl());
        double heapMb = metrics.sum("jvm_memory_used_bytes", Map.of("area", "heap")) / (1024.0 * 1024.0);
        double maxMs = nanToZero(metrics.sum(POLL_TIMER + "_max", Map.of("outcome", "success"))) * 1000;
        LOG.debugf("poll targets: %s", targets(metrics));
        return new Sample(new HeapSample((System.nanoTime() - startNanos) / 60e9, heapMb, gc, maxMs), maxMs);
    }

    private ServiceProcess restartAlertService() {
        stack.service(ALERT).close();
        ServiceProcess restarted = stack.restartService(
                ALERT,
                Map.of("QUARKUS_DATASOURCE_USERNAME", ROLE, "ECHODB_ALERT_POLL_INTERVAL", interval.toSeconds() + "s"));
        Awaitility.await()
                .atMost(interval.plusSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> cycles(restarted) >= 1);
        return restarted;
    }

    private long cycles() {
        return cycles(stack.service(ALERT));
    }

    private static long cycles(ServiceProcess alert) {
        Http.Metrics metrics = Http.metrics(alert.baseUrl());
        return (long) count(metrics, sourceTarget(metrics), null);
    }

    /** The timer's {@code target} tag values, or {@code all} when it has none (one poll per cycle). */
    private static Set<String> targets(Http.Metrics metrics) {
        Set<String> targets = metrics.labelValues(POLL_TIMER + "_count", "target");
        return targets.isEmpty() ? Set.of(ALL_TARGETS) : targets;
    }

    /** The target that counts cycles: the stack's source, or {@code all} without target tags. */
    private static String sourceTarget(Http.Metrics metrics) {
        return targets(metrics).contains(LocalStack.SOURCE_PEER) ? LocalStack.SOURCE_PEER : ALL_TARGETS;
    }

    /** Polls of {@code target} so far ({@code outcome} null = any). */
    private static double count(Http.Metrics metrics, String target, String outcome) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (!ALL_TARGETS.equals(target)) {
            labels.put("target", target);
        }
        if (outcome != null) {
            labels.put("outcome", outcome);
        }
        return nanToZero(metrics.sum(POLL_TIMER + "_count", labels));
    }

    private static double seconds(Http.Metrics metrics, String target) {
        return nanToZero(
                metrics.sum(POLL_TIMER + "_sum", ALL_TARGETS.equals(target) ? Map.of() : Map.of("target", target)));
    }

    private int slotCount() throws SQLException {
        try (Connection connection = stack.postgres().connect(LocalStack.DATABASE);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_replication_slots")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** alert-service's statements so far: text → calls (pg_stat_statements, its login only). */
    private Map<String, Long> statements() throws SQLException {
        Map<String, Long> calls = new LinkedHashMap<>();
        try (Connection connection = stack.postgres().connect(LocalStack.DATABASE);
                PreparedStatement query = connection.prepareStatement("""
                        SELECT s.query, sum(s.calls)::bigint
                          FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
                         WHERE r.rolname = ?
                         GROUP BY s.query""")) {
            query.setString(1, ROLE);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    calls.put(rows.getString(1).replaceAll("\\s+", " ").trim(), rows.getLong(2));
                }
            }
        }
        return calls;
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new LinkedHashMap<>();
        after.forEach((query, calls) -> {
            long d = calls - before.getOrDefault(query, 0L);
            if (d > 0) {
                delta.put(query, d);
            }
        });
        return delta;
    }

    /** Calls of the statements that poll the source ({@code source}) or of the others. */
    private static long total(Map<String, Long> calls, boolean source) {
        return calls.entrySet().stream()
                .filter(entry -> pollsSource(entry.getKey()) == source)
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /**
     * Whether a statement of alert-service reads the source, as opposed to its own state (schema {@code echodb}),
     * advisory locks, transaction control or settings.
     */
    static boolean pollsSource(String query) {
        String q = query.trim().toLowerCase(Locale.ROOT);
        return !(q.contains("echodb.")
                || q.contains("advisory")
                || q.startsWith("--")
                || q.startsWith("do ")
                || q.matches("^(begin|commit|rollback|start transaction|set |show |discard ).*"));
    }

    private static double nanToZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }
}
