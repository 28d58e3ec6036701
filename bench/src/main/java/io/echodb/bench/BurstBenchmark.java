package io.echodb.bench;

import io.echodb.e2e.LocalStack;
import io.echodb.testing.peerdb.MirrorSnapshot;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.logging.Logger;

/**
 * A burst: one JDBC client creates {@code tables} tables as fast as it can (each {@code CREATE TABLE} its own
 * transaction), and the benchmark watches the PeerDB emulator's catalog every 50 ms until every table is mapped by
 * a mirror. Then it waits for 3 quiet seconds and checks that each table is in exactly one mirror and that no
 * mirror name got more than one create request.
 *
 * <p>Efficiency (with an added create latency {@code L}): the emulator answers any number of creates at once after
 * {@code L}, so what bounds a burst is the concurrency {@code C} mirror-service uses toward PeerDB (its bulkhead)
 * and how fast the client commits. The ideal time is {@code max(commitSeconds + L, tables × L ÷ C)}: no table can
 * be mirrored before it is committed plus one create, and {@code C} creates of {@code L} each run at a time.
 * Efficiency = ideal ÷ measured (1.0 = the burst ran at the limit the concurrency allows). {@code C} is the
 * configured value when given ({@code --create-concurrency}), otherwise the peak number of creates in flight at the
 * emulator (a create is in flight from {@code receivedNanos − L} to {@code receivedNanos}).
 */
final class BurstBenchmark {

    private static final Logger LOG = Logger.getLogger(BurstBenchmark.class);
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(50);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

    private final LocalStack stack;
    private final EmulatorView emulator;

    BurstBenchmark(LocalStack stack) {
        this.stack = stack;
        this.emulator = new EmulatorView(stack.peerDb());
    }

    /** A point of the burst's time line: seconds since the first {@code CREATE TABLE}, tables committed, mirrored. */
    record Point(double seconds, int committed, int mirrored) {}

    /**
     * One burst's outcome.
     *
     * @param scenario e.g. {@code per-table, instant}
     * @param strategy mirror-service strategy ({@code per-table}, {@code shared})
     * @param createLatencyMs added latency per create at the emulator, ms
     * @param tables tables created
     * @param commitSeconds first CREATE to last commit, s
     * @param seconds first CREATE until every table was mapped by a mirror (sampled every 50 ms), s; or until the
     *     benchmark gave up, when {@code complete} is false
     * @param complete whether every table was mirrored
     * @param missing tables mapped by no mirror
     * @param inSeveralMirrors tables mapped by more than one mirror
     * @param mirrors mirrors holding the burst's tables
     * @param createRequests create requests for the burst's tables
     * @param namesWithSeveralCreates mirror names that got more than one create request
     * @param mirroredOnce every table in exactly one mirror, and one create request per mirror name
     * @param concurrency the concurrency C used for efficiency (0 without added latency)
     * @param concurrencySource where C came from
     * @param idealSeconds the ideal time (see the class comment), s; NaN for the shared strategy
     * @param efficiency ideal ÷ measured, at most 1; NaN for the shared strategy
     * @param pauseCycles shared strategy: pauses of the burst's mirrors (emulator log rows {@code Mirror pause
     *     signaled} during the burst); -1 for per-table
     * @param pauseCyclesMetric shared strategy: increase of mirror-service's {@code echodb.shared.pause.cycles}
     *     during the burst; -1 when it does not exist
     * @param peerDbRequestMeanMs mean duration of mirror-service's PeerDB calls during the burst per operation, ms
     * @param cpuSeconds CPU seconds used from the first CREATE until all were mirrored, per part ({@link CpuMeter};
     *     {@code machine} = all cores, whoever used them), and the length of that window ({@link CpuMeter#WALL})
     * @param timeline the sampled time line
     */
    record Result(
            String scenario,
            String strategy,
            long createLatencyMs,
            int tables,
            double commitSeconds,
            double seconds,
            boolean complete,
            int missing,
            int inSeveralMirrors,
            int mirrors,
            int createRequests,
            int namesWithSeveralCreates,
            boolean mirroredOnce,
            int concurrency,
            String concurrencySource,
            double idealSeconds,
            double efficiency,
            long pauseCycles,
            long pauseCyclesMetric,
            Map<String, Double> peerDbRequestMeanMs,
            Map<String, Double> cpuSeconds,
            List<Point> timeline) {}

    /**
     * Runs the burst on tables {@code prefix_<n>} in {@code public}.
     *
     * @param createLatency the latency already switched on at the emulator for creates (zero for none)
     * @param configuredConcurrency mirror-service's allowed create concurrency, when known
     */
    Result run(
            String scenario,
            String strategy,
            String prefix,
            int tables,
            Duration createLatency,
            OptionalInt configuredConcurrency)
            throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 1; i <= tables; i++) {
            names.add(String.format("public.%s_%04d", prefix, i));
        }
        int createsBefore = emulator.creates().size();
        Instant startedAt = Instant.now();
        double pauseMetricBefore = pauseCyclesMetric();
        Http.Metrics mirrorServiceBefore = Http.metrics(mirrorService());
        CpuMeter cpu = new CpuMeter(stack);
        Map<String, Double> cpuBefore = cpu.snapshot();
        List<Point> timeline = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger mirrored = new AtomicInteger();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        long started = System.nanoTime();
        sampler.scheduleAtFixedRate(
                () -> {
                    int now = emulator.mirroredCount(names);
                    mirrored.set(now);
                    timeline.add(new Point((System.nanoTime() - started) / 1e9, committed.get(), now));
                },
                0,
                SAMPLE_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        double commitSeconds;
        boolean complete;
        try {
            try (Connection connection = stack.postgres().connect(LocalStack.DATABASE);
                    Statement statement = connection.createStatement()) {
                connection.setAutoCommit(true);
                for (String table : names) {
                    statement.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, note text)");
                    committed.incrementAndGet();
                }
            }
            commitSeconds = (System.nanoTime() - started) / 1e9;
            LOG.infof("%s: %d tables committed in %.1f s", scenario, tables, commitSeconds);
            Duration limit = Duration.ofMinutes(3).plus(createLatency.multipliedBy(tables));
            complete = awaitAllMirrored(mirrored, tables, limit, scenario);
        } finally {
            sampler.shutdownNow();
        }
        Map<String, Double> cpuSeconds = CpuMeter.delta(cpuBefore, cpu.snapshot());
        cpuSeconds.put(CpuMeter.WALL, (System.nanoTime() - started) / 1e9);
        Map<String, Double> peerDbMeans = Http.metrics(mirrorService())
                .meanMsSince(mirrorServiceBefore, LatencyBenchmark.PEERDB_REQUEST, "operation");
        double seconds = complete ? firstCompleteSample(timeline, tables) : (System.nanoTime() - started) / 1e9;
        awaitQuiet();
        double pauseMetricAfter = pauseCyclesMetric();
        long pauseMetric = Double.isNaN(pauseMetricAfter)
                ? -1
                : (long) (pauseMetricAfter - (Double.isNaN(pauseMetricBefore) ? 0 : pauseMetricBefore));
        return evaluate(new Run(
                scenario,
                strategy,
                createLatency,
                names,
                createsBefore,
                startedAt,
                commitSeconds,
                seconds,
                complete,
                configuredConcurrency,
                pauseMetric,
                peerDbMeans,
                cpuSeconds,
                List.copyOf(timeline)));
    }

    private boolean awaitAllMirrored(AtomicInteger mirrored, int tables, Duration limit, String scenario) {
        AtomicLong lastReport = new AtomicLong(System.nanoTime());
        try {
            Awaitility.await().atMost(limit).pollInterval(SAMPLE_EVERY).until(() -> {
                if (System.nanoTime() - lastReport.get() > PROGRESS_EVERY.toNanos()) {
                    lastReport.set(System.nanoTime());
                    LOG.infof("%s: %d of %d tables mirrored", scenario, mirrored.get(), tables);
                }
                return mirrored.get() >= tables;
            });
            return true;
        } catch (ConditionTimeoutException e) {
            LOG.warnf("%s: only %d of %d tables mirrored after %s", scenario, mirrored.get(), tables, limit);
            return false;
        }
    }

    private static double firstCompleteSample(List<Point> timeline, int tables) {
        return timeline.stream()
                .filter(p -> p.mirrored() >= tables)
                .mapToDouble(Point::seconds)
                .min()
                .orElse(
                        timeline.isEmpty()
                                ? 0
                                : timeline.get(timeline.size() - 1).seconds());
    }

    /** Waits until no create request arrived for 3 s (at most 30 s), so that late duplicates are counted. */
    private void awaitQuiet() {
        AtomicInteger previous = new AtomicInteger(-1);
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .during(Duration.ofSeconds(3))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        int now = emulator.creates().size();
                        return previous.getAndSet(now) == now;
                    });
        } catch (ConditionTimeoutException e) {
            LOG.warn("create requests still arriving 30 s after the burst was mirrored");
        }
    }

    /** What one burst observed, before evaluation. */
    private record Run(
            String scenario,
            String strategy,
            Duration createLatency,
            Set<String> names,
            int createsBefore,
            Instant startedAt,
            double commitSeconds,
            double seconds,
            boolean complete,
            OptionalInt configuredConcurrency,
            long pauseMetric,
            Map<String, Double> peerDbMeans,
            Map<String, Double> cpuSeconds,
            List<Point> timeline) {}

    private Result evaluate(Run run) {
        String scenario = run.scenario();
        String strategy = run.strategy();
        Set<String> names = run.names();
        double commitSeconds = run.commitSeconds();
        double seconds = run.seconds();
        OptionalInt configuredConcurrency = run.configuredConcurrency();
        Map<String, Integer> mirrorsPerTable = new HashMap<>();
        Set<String> burstMirrors = new LinkedHashSet<>();
        for (MirrorSnapshot mirror : emulator.mirrors()) {
            for (String table : mirror.sourceTables()) {
                if (names.contains(table)) {
                    mirrorsPerTable.merge(table, 1, Integer::sum);
                    burstMirrors.add(mirror.name());
                }
            }
        }
        int missing = (int) names.stream()
                .filter(table -> !mirrorsPerTable.containsKey(table))
                .count();
        int several = (int)
                mirrorsPerTable.values().stream().filter(count -> count > 1).count();
        List<EmulatorView.Create> creates = emulator.createsFrom(run.createsBefore()).stream()
                .filter(create -> create.tables().stream().anyMatch(names::contains))
                .toList();
        Map<String, Integer> createsPerName = new HashMap<>();
        creates.forEach(create -> createsPerName.merge(create.mirror(), 1, Integer::sum));
        int namesWithSeveral = (int)
                createsPerName.values().stream().filter(count -> count > 1).count();
        boolean once = missing == 0 && several == 0 && namesWithSeveral == 0;

        long latencyNanos = run.createLatency().toNanos();
        int concurrency = 0;
        String source = "no added latency";
        double ideal = commitSeconds;
        if ("shared".equals(strategy)) {
            source = "not applicable: the shared strategy adds tables in pause cycles";
            ideal = Double.NaN;
        } else if (latencyNanos > 0) {
            concurrency = configuredConcurrency.orElse(peakInFlight(creates, latencyNanos));
            source = configuredConcurrency.isPresent()
                    ? "configured (--create-concurrency)"
                    : "peak creates in flight at the emulator";
            double latencySeconds = latencyNanos / 1e9;
            ideal = Math.max(commitSeconds + latencySeconds, names.size() * latencySeconds / Math.max(1, concurrency));
        }
        double efficiency = Double.isNaN(ideal) ? Double.NaN : seconds <= 0 ? 0 : Math.min(1.0, ideal / seconds);
        long pauses = "shared".equals(strategy)
                ? burstMirrors.stream()
                        .mapToLong(mirror -> emulator.pauses(mirror, run.startedAt()))
                        .sum()
                : -1;
        Result result = new Result(
                scenario,
                strategy,
                run.createLatency().toMillis(),
                names.size(),
                commitSeconds,
                seconds,
                run.complete(),
                missing,
                several,
                burstMirrors.size(),
                creates.size(),
                namesWithSeveral,
                once,
                concurrency,
                source,
                ideal,
                efficiency,
                pauses,
                run.pauseMetric(),
                run.peerDbMeans(),
                run.cpuSeconds(),
                run.timeline());
        LOG.infof(
                "%s: %d tables mirrored in %.1f s (committed in %.1f s), mirrored once: %s, efficiency %.2f",
                scenario, names.size() - missing, seconds, commitSeconds, once, efficiency);
        return result;
    }

    private String mirrorService() {
        return stack.service("mirror-service").baseUrl();
    }

    /** mirror-service's {@code echodb.shared.pause.cycles} now; NaN when it does not exist (yet). */
    private double pauseCyclesMetric() {
        return Http.metrics(mirrorService()).sum("echodb_shared_pause_cycles_total");
    }

    /** The most creates in flight at once, a create being in flight during {@code L} before it was handled. */
    static int peakInFlight(List<EmulatorView.Create> creates, long latencyNanos) {
        List<long[]> edges = new ArrayList<>();
        for (EmulatorView.Create create : creates) {
            edges.add(new long[] {create.receivedNanos() - latencyNanos, 1});
            edges.add(new long[] {create.receivedNanos(), -1});
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int inFlight = 0;
        int peak = 0;
        for (long[] edge : edges) {
            inFlight += (int) edge[1];
            peak = Math.max(peak, inFlight);
        }
        return peak;
    }
}
