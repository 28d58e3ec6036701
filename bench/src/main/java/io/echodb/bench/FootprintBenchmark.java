package io.echodb.bench;

import io.echodb.e2e.LocalStack;
import io.echodb.e2e.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.logging.Logger;

/**
 * Start time and memory of each service in JVM mode, as {@link ServiceProcess} runs it ({@code java
 * -XX:+UseSerialGC -Xmx256m -jar quarkus-run.jar}).
 *
 * <p>Start time: an extra instance of the service is started alone on a free port, wired like the stack's own
 * (same PostgreSQL, emulators, settings), while the stack stays idle; the time runs from launching the process to
 * the first 200 from {@code /q/health/ready} (polled every 10 ms). The median of several starts is reported, with
 * Quarkus's own "started in" figure (JVM start to application started, without readiness) and the RSS right after
 * ready. RSS after warm-up is read separately ({@link #rss}) from the stack's own processes once they have served
 * traffic.
 */
final class FootprintBenchmark {

    /** The services, in the order they are measured. */
    static final List<String> SERVICES = List.of("listener-service", "mirror-service", "alert-service");

    private static final Logger LOG = Logger.getLogger(FootprintBenchmark.class);
    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");

    private final LocalStack stack;
    private final Path projectRoot;
    private final Cleanup cleanup;

    FootprintBenchmark(LocalStack stack, Path projectRoot, Cleanup cleanup) {
        this.stack = stack;
        this.projectRoot = projectRoot;
        this.cleanup = cleanup;
    }

    /**
     * One service's start figures.
     *
     * @param startupMs launch to ready, ms, median over the runs
     * @param runsMs every run, ms
     * @param quarkusStartedMs Quarkus's "started in", ms, median (0 when not logged)
     * @param rssAtReadyMb RSS right after ready, MiB, median
     */
    record Startup(double startupMs, List<Double> runsMs, double quarkusStartedMs, double rssAtReadyMb) {}

    /** Starts each service {@code runs} times alone and measures. */
    Map<String, Startup> startups(int runs) {
        Map<String, Startup> result = new LinkedHashMap<>();
        for (String service : SERVICES) {
            List<Double> times = new ArrayList<>();
            List<Double> quarkus = new ArrayList<>();
            List<Double> rss = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                startOnce(service, run, times, quarkus, rss);
            }
            Startup startup = new Startup(
                    Distribution.of(times).p50(),
                    times,
                    Distribution.of(quarkus).p50(),
                    Distribution.of(rss).p50());
            LOG.infof(
                    "%s: ready %.0f ms after launch (median of %d; Quarkus \"started in\" %.0f ms)",
                    service, startup.startupMs(), runs, startup.quarkusStartedMs());
            result.put(service, startup);
        }
        return result;
    }

    private void startOnce(String service, int run, List<Double> times, List<Double> quarkus, List<Double> rss) {
        int port;
        try {
            port = LocalStack.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path log = stack.logDirectory().resolve(service + "-solo-" + run + ".log");
        long launched = System.nanoTime();
        ServiceProcess process =
                cleanup.register(ServiceProcess.start(projectRoot, service, port, stack.serviceSettings(), log));
        try {
            String ready = process.baseUrl() + "/q/health/ready";
            Awaitility.await()
                    .atMost(Duration.ofSeconds(120))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(service + " exited:\n" + process.logTail());
                        }
                        return Http.status(ready) == 200;
                    });
            times.add((System.nanoTime() - launched) / 1e6);
            rss.add(SystemProbe.rssMb(process.pid()));
            awaitQuarkusStarted(log).ifPresent(quarkus::add);
        } finally {
            cleanup.close(process);
        }
    }

    /**
     * Which services have a native executable ({@code <module>/target/*-runner}, from {@code ./mvnw package
     * -Dnative}). The benchmark measures JVM mode only; this says whether native figures could have been taken.
     */
    static String nativeExecutables(Path projectRoot) {
        List<String> found = new ArrayList<>();
        for (String service : SERVICES) {
            try (var files = Files.list(projectRoot.resolve(service).resolve("target"))) {
                files.filter(file -> file.getFileName().toString().endsWith("-runner") && Files.isExecutable(file))
                        .findFirst()
                        .ifPresent(file -> found.add(service));
            } catch (IOException e) {
                // no target directory: nothing built
            }
        }
        return found.isEmpty()
                ? "none built (./mvnw package -Dnative needs GraalVM/Mandrel); JVM mode only"
                : "present for " + found + " but not measured; JVM mode only";
    }

    /** RSS of the stack's own service processes now, MiB. */
    Map<String, Double> rss() {
        Map<String, Double> rss = new LinkedHashMap<>();
        for (String service : SERVICES) {
            rss.put(service, SystemProbe.rssMb(stack.service(service).pid()));
        }
        return rss;
    }

    /** Quarkus's "started in" from the log, which may be written just after readiness answers (at most 10 s). */
    private static Optional<Double> awaitQuarkusStarted(Path log) {
        try {
            return Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> quarkusStarted(log), Optional::isPresent);
        } catch (ConditionTimeoutException e) {
            return Optional.empty();
        }
    }

    private static Optional<Double> quarkusStarted(Path log) {
        try {
            Matcher matcher = STARTED_IN.matcher(Files.readString(log));
            return matcher.find() ? Optional.of(Double.parseDouble(matcher.group(1)) * 1000) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
