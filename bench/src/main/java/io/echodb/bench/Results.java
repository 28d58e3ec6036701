package io.echodb.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything one run measured; parts that did not run (or failed) stay empty. Filled by {@link BenchMain}. */
final class Results {

    /**
     * The machine and its load.
     *
     * @param cores available processors
     * @param memoryMb total memory, MiB
     * @param cpu CPU model
     * @param os operating system and kernel
     * @param jdk the JDK of the benchmark and the services
     * @param loadBefore 1/5/15-minute load averages before the run
     * @param loadAfter the same after the run
     */
    record Machine(
            int cores,
            long memoryMb,
            String cpu,
            String os,
            String jdk,
            List<Double> loadBefore,
            List<Double> loadAfter) {

        /** Whether other work kept the machine busy: a 1- or 5-minute load average above half the cores, before. */
        boolean busyBefore() {
            return loadBefore.stream().limit(2).anyMatch(load -> load > cores / 2.0);
        }
    }

    final BenchOptions options;
    final Instant startedAt = Instant.now();
    final List<Double> loadBefore = SystemProbe.loadAverage();
    Instant finishedAt;
    List<Double> loadAfter = List.of();

    Map<String, FootprintBenchmark.Startup> startups = Map.of();
    Map<String, Double> rssWarmMb = Map.of();
    String nativeExecutables = "not looked for";
    LatencyBenchmark.Series latency;
    LatencyBenchmark.Series latencyNoSettle;
    final List<BurstBenchmark.Result> bursts = new ArrayList<>();
    String sharedStrategy = "not run";
    PollBenchmark.Result poll;
    StormBenchmark.Result storm;
    final Map<String, String> errors = new LinkedHashMap<>();

    Results(BenchOptions options) {
        this.options = options;
    }

    Machine machine() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new Machine(
                cores,
                SystemProbe.memoryMb(),
                SystemProbe.cpuModel(),
                SystemProbe.operatingSystem(),
                SystemProbe.jdk(),
                loadBefore,
                loadAfter);
    }

    /** The burst of {@code strategy} with {@code latencyMs} added per create, if it ran. */
    Optional<BurstBenchmark.Result> burst(String strategy, long latencyMs) {
        return bursts.stream()
                .filter(burst -> burst.strategy().equals(strategy) && burst.createLatencyMs() == latencyMs)
                .findFirst();
    }
}
