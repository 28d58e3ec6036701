package io.echodb.bench;

import io.echodb.e2e.LocalStack;
import io.echodb.testing.peerdb.MirrorSnapshot;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.logging.Logger;

/**
 * {@code ./bench/run.sh}: runs the benchmark parts against the packaged services (each scenario on a fresh
 * {@link LocalStack}: real PostgreSQL, the PeerDB and Slack emulators, the three services as processes), prints a
 * table, and writes {@code latest.json}, {@code latest.md} and PNG charts into the results directory.
 *
 * <p>Scenarios, in this order: the main path (footprint, latency with the listener's defaults and with no settle
 * delay, RSS after that warm-up); a per-table burst with added create latency; the shared strategy (when
 * mirror-service has it); a per-table burst against an instant emulator followed by the alert poll measurement on
 * the slots and mirrors it leaves. Everything started is stopped at the end, on failure and on Ctrl-C/SIGTERM.
 * Exit status 0 when every part ran, 1 when one failed (the others still ran), 2 on a bad command line.
 */
public final class BenchMain {

    private static final Logger LOG = Logger.getLogger(BenchMain.class);

    private final BenchOptions options;
    private final Cleanup cleanup;
    private final Results results;

    private BenchMain(BenchOptions options, Cleanup cleanup) {
        this.options = options;
        this.cleanup = cleanup;
        this.results = new Results(options);
    }

    /** Entry point; see {@link BenchOptions#USAGE}. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        Cleanup cleanup = new Cleanup();
        Runtime.getRuntime().addShutdownHook(cleanup.shutdownHook());
        BenchMain bench = new BenchMain(options, cleanup);
        boolean ok = bench.run();
        System.exit(ok ? 0 : 1);
    }

    private boolean run() {
        LOG.infof(
                "EchoDB benchmark (%s): parts %s, load average %s, results in %s",
                options.quick() ? "quick" : "full", options.parts(), results.loadBefore, options.resultsDirectory());
        try {
            if (options.runs(BenchOptions.Part.FOOTPRINT) || options.runs(BenchOptions.Part.LATENCY)) {
                part("main path", this::mainPath);
            }
            if (options.runs(BenchOptions.Part.BURST)) {
                part("slow burst", this::slowBurst);
            }
            if (options.runs(BenchOptions.Part.SHARED)) {
                part("shared strategy", this::sharedStrategy);
            }
            if (options.runs(BenchOptions.Part.BURST) || options.runs(BenchOptions.Part.POLL)) {
                part("instant burst and poll", this::instantBurstAndPoll);
            }
            if (options.runs(BenchOptions.Part.STORM)) {
                part("alert storm", this::storm);
            }
        } finally {
            cleanup.closeAll();
        }
        if (cleanup.shuttingDown()) {
            LOG.warn("interrupted: no results written");
            return false;
        }
        results.finishedAt = Instant.now();
        results.loadAfter = SystemProbe.loadAverage();
        try {
            write();
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot write the results", e);
            results.errors.put("results", e.getMessage());
        }
        return results.errors.isEmpty();
    }

    private interface PartBody {
        void run() throws Exception;
    }

    private void part(String name, PartBody body) {
        try {
            body.run();
        } catch (Exception e) {
            LOG.errorf(e, "%s failed", name);
            results.errors.put(
                    name, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    private LocalStack startStack(String label, Map<String, String> settings, Map<String, String> postgresConfig) {
        LOG.infof("%s: starting PostgreSQL, the emulators and the three services ...", label);
        LocalStack stack = cleanup.register(LocalStack.start(options.projectRoot(), null, settings, postgresConfig));
        LOG.infof("%s: stack ready; service logs in %s", label, stack.logDirectory());
        return stack;
    }

    // ---- scenarios ----------------------------------------------------------------------------------------------

    private void mainPath() throws SQLException {
        LocalStack stack = startStack("main path", Map.of(), Map.of());
        try {
            FootprintBenchmark footprint = new FootprintBenchmark(stack, options.projectRoot(), cleanup);
            if (options.runs(BenchOptions.Part.FOOTPRINT)) {
                results.nativeExecutables = FootprintBenchmark.nativeExecutables(options.projectRoot());
                results.startups = footprint.startups(options.startupRuns());
            }
            LatencyBenchmark latency = new LatencyBenchmark(stack);
            if (options.runs(BenchOptions.Part.LATENCY)) {
                results.latency =
                        latency.run("listener defaults", "bench_lat", options.warmupTables(), options.latencyTables());
            } else {
                latency.run("warm-up", "bench_warm", options.warmupTables(), 0);
            }
            if (options.runs(BenchOptions.Part.FOOTPRINT)) {
                results.rssWarmMb = footprint.rss();
            }
            if (options.runs(BenchOptions.Part.LATENCY)) {
                stack.service("listener-service").close();
                stack.restartService("listener-service", Map.of("ECHODB_LISTENER_SETTLE_DELAY", "0s"));
                results.latencyNoSettle =
                        latency.run("no settle delay", "bench_lat0", options.warmupTables(), options.latencyTables());
            }
        } finally {
            cleanup.close(stack);
        }
    }

    private void slowBurst() throws SQLException {
        LocalStack stack = startStack("slow burst", Map.of(), Map.of());
        try {
            new EmulatorView(stack.peerDb()).addLatency(EmulatorView.CREATE_ROUTE, options.createLatency());
            results.bursts.add(new BurstBenchmark(stack)
                    .run(
                            "per-table, " + options.createLatency().toMillis() + " ms per create",
                            "per-table",
                            "bench_slow",
                            options.burstTables(),
                            options.createLatency(),
                            options.createConcurrency()));
        } finally {
            cleanup.close(stack);
        }
    }

    private void sharedStrategy() throws SQLException {
        LocalStack stack = startStack("shared strategy", Map.of("ECHODB_MIRROR_STRATEGY", "shared"), Map.of());
        try {
            String verdict = probeSharedStrategy(stack);
            results.sharedStrategy = verdict;
            if (!verdict.equals("available")) {
                LOG.warnf("shared strategy %s", verdict);
                return;
            }
            BurstBenchmark burst = new BurstBenchmark(stack);
            results.bursts.add(burst.run(
                    "shared, instant",
                    "shared",
                    "bench_shared",
                    options.burstTables(),
                    Duration.ZERO,
                    options.createConcurrency()));
            EmulatorView emulator = new EmulatorView(stack.peerDb());
            emulator.addLatency(EmulatorView.CREATE_ROUTE, options.createLatency());
            emulator.addLatency(EmulatorView.STATE_CHANGE_ROUTE, options.createLatency());
            results.bursts.add(burst.run(
                    "shared, " + options.createLatency().toMillis() + " ms per create and " + "state change",
                    "shared",
                    "bench_shared_slow",
                    options.burstTables(),
                    options.createLatency(),
                    options.createConcurrency()));
        } finally {
            cleanup.close(stack);
        }
    }

    /**
     * Creates two tables and looks at the mirrors they land in: one mirror for both = the shared strategy works;
     * one mirror each = mirror-service ignored {@code ECHODB_MIRROR_STRATEGY=shared}.
     */
    private String probeSharedStrategy(LocalStack stack) throws SQLException {
        Set<String> probes = Set.of("public.bench_probe_1", "public.bench_probe_2");
        try (Connection connection = stack.postgres().connect(LocalStack.DATABASE);
                Statement statement = connection.createStatement()) {
            for (String table : probes) {
                statement.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY)");
            }
        }
        EmulatorView emulator = new EmulatorView(stack.peerDb());
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> emulator.mirroredCount(probes) >= probes.size());
        } catch (ConditionTimeoutException e) {
            return "not measured: the probe tables were not mirrored within 60 s";
        }
        List<String> mirrors = emulator.mirrors().stream()
                .filter(mirror -> mirror.sourceTables().stream().anyMatch(probes::contains))
                .map(MirrorSnapshot::name)
                .toList();
        return mirrors.size() == 1
                ? "available"
                : "not available yet: with ECHODB_MIRROR_STRATEGY=shared mirror-service still made one mirror per "
                        + "table (" + String.join(", ", mirrors) + ")";
    }

    private void instantBurstAndPoll() throws SQLException {
        LocalStack stack = startStack(
                "instant burst and poll", Map.of(), Map.of("shared_preload_libraries", "pg_stat_statements"));
        try {
            PollBenchmark poll = new PollBenchmark(stack, options.pollInterval());
            PollBenchmark.Baseline baseline = null;
            if (options.runs(BenchOptions.Part.POLL)) {
                poll.prepare();
                baseline = poll.baseline(4);
            }
            BurstBenchmark burst = new BurstBenchmark(stack);
            if (options.runs(BenchOptions.Part.BURST)) {
                results.bursts.add(burst.run(
                        "per-table, instant",
                        "per-table",
                        "bench_burst",
                        options.burstTables(),
                        Duration.ZERO,
                        options.createConcurrency()));
            } else {
                burst.run(
                        "populating the poll source",
                        "per-table",
                        "bench_burst",
                        options.pollSlots(),
                        Duration.ZERO,
                        options.createConcurrency());
            }
            if (options.runs(BenchOptions.Part.POLL)) {
                poll.topUpSlots(options.pollSlots());
                Duration sampleEvery = options.quick() ? Duration.ofSeconds(30) : Duration.ofMinutes(1);
                results.poll = poll.measure(options.pollDuration(), options.pollFirstSample(), sampleEvery, baseline);
            }
        } finally {
            cleanup.close(stack);
        }
    }

    private void storm() throws Exception {
        LocalStack stack = startStack("alert storm", Map.of(), Map.of());
        try {
            results.storm = new StormBenchmark(stack).run(options.stormSlots(), options.stormMirrors());
        } finally {
            cleanup.close(stack);
        }
    }

    // ---- output -------------------------------------------------------------------------------------------------

    private void write() throws IOException {
        Path dir = options.resultsDirectory();
        Files.createDirectories(dir);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "{latency,burst,poll}-*.png")) {
            for (Path file : old) {
                Files.delete(file);
            }
        }
        List<String> charts = new ArrayList<>();
        try {
            charts.addAll(charts(dir));
        } catch (IOException | RuntimeException | LinkageError | InternalError e) {
            // no fonts or no AWT on this machine: the figures are still written, without charts
            LOG.error("cannot draw the charts", e);
            results.errors.put("charts", String.valueOf(e.getMessage()));
        }
        Report report = new Report(results);
        report.writeJson(dir.resolve("latest.json"));
        report.writeMarkdown(dir.resolve("latest.md"), charts);
        System.out.println(report.table());
        System.out.println("results: " + dir.resolve("latest.json") + ", " + dir.resolve("latest.md") + ", "
                + charts.size() + " charts");
    }

    private List<String> charts(Path dir) throws IOException {
        List<String> charts = new ArrayList<>();
        if (results.latency != null) {
            Distribution d = results.latency.mainPath();
            Charts.histogram(
                    dir.resolve("latency-histogram.png"),
                    "CREATE TABLE commit → PeerDB create request",
                    String.format(
                            Locale.ROOT,
                            "listener defaults; %d tables: p50 %.1f ms, p99 %.1f ms; floor p50 " + "%.1f ms",
                            d.samples(),
                            d.p50(),
                            d.p99(),
                            results.latency.floor().p50()),
                    Map.of("EchoDB main path", results.latency.mainPathMs()));
            charts.add("latency-histogram.png");
        }
        if (results.latencyNoSettle != null) {
            Map<String, List<Double>> series = new LinkedHashMap<>();
            series.put("EchoDB main path, settle delay 0", results.latencyNoSettle.mainPathMs());
            series.put("floor: bare PgSubscriber", results.latencyNoSettle.floorMs());
            Distribution d = results.latencyNoSettle.mainPath();
            Charts.histogram(
                    dir.resolve("latency-floor-histogram.png"),
                    "Commit → create request without settle delay, and the PostgreSQL floor",
                    String.format(
                            Locale.ROOT,
                            "%d tables: main path p50 %.1f ms, p99 %.1f ms; floor p50 %.2f ms",
                            d.samples(),
                            d.p50(),
                            d.p99(),
                            results.latencyNoSettle.floor().p50()),
                    series);
            charts.add("latency-floor-histogram.png");
        }
        for (BurstBenchmark.Result burst : results.bursts) {
            String file = "burst-"
                    + burst.scenario()
                            .toLowerCase(Locale.ROOT)
                            .replaceAll("[^a-z0-9]+", "-")
                            .replaceAll("(^-|-$)", "") + ".png";
            Charts.burst(
                    dir.resolve(file),
                    "Burst: " + burst.scenario(),
                    String.format(
                            Locale.ROOT,
                            "%d tables; committed in %.1f s, all mirrored after %.1f s; mirrored once: %s",
                            burst.tables(),
                            burst.commitSeconds(),
                            burst.seconds(),
                            burst.mirroredOnce()),
                    burst.timeline());
            charts.add(file);
        }
        if (results.poll != null) {
            Charts.heap(
                    dir.resolve("poll-heap.png"),
                    String.format(
                            Locale.ROOT,
                            "%d slots, poll every %d s; %+.1f MiB from the first to the last sample",
                            results.poll.slots(),
                            results.poll.intervalSeconds(),
                            results.poll.heapGrowthMb()),
                    results.poll.heap());
            charts.add("poll-heap.png");
        }
        return charts.stream().collect(Collectors.toList());
    }
}
