package io.echodb.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What one benchmark run does. {@link #parse(String[])} reads the command line of {@code ./bench/run.sh}.
 *
 * @param quick shorter runs with small counts, for development; results go to {@code results/quick/}
 * @param projectRoot the EchoDB checkout holding the packaged services
 * @param resultsDirectory where {@code latest.json}, {@code latest.md} and the charts are written
 * @param parts the parts to run
 * @param warmupTables tables created before each latency series and not counted
 * @param latencyTables tables per latency series, created one after another
 * @param burstTables tables per burst
 * @param createLatency the added latency of the PeerDB emulator per create request in the slow burst
 * @param createConcurrency the concurrency mirror-service is allowed toward PeerDB for creates, when known;
 *     empty = the peak concurrency observed at the emulator
 * @param pollSlots replication slots on the source during the poll measurement
 * @param pollInterval alert-service's poll interval during the poll measurement
 * @param pollDuration how long the poll measurement lasts
 * @param pollFirstSample when the first heap sample is taken (the "after the first minute" figure)
 * @param startupRuns solo starts per service for the start-time figure (the median is reported)
 * @param stormSlots slots over the retained-WAL threshold in the storm
 * @param stormMirrors failed mirrors in the storm
 */
record BenchOptions(
        boolean quick,
        Path projectRoot,
        Path resultsDirectory,
        Set<Part> parts,
        int warmupTables,
        int latencyTables,
        int burstTables,
        Duration createLatency,
        OptionalInt createConcurrency,
        int pollSlots,
        Duration pollInterval,
        Duration pollDuration,
        Duration pollFirstSample,
        int startupRuns,
        int stormSlots,
        int stormMirrors) {

    /** The parts of a run, in the order they run. */
    enum Part {
        FOOTPRINT,
        LATENCY,
        BURST,
        SHARED,
        POLL,
        STORM
    }

    static final String USAGE = """
            usage: bench/run.sh [--rebuild] [--quick] [options]
              --quick                   short run with small counts (results in bench/results/quick/)
              --only PARTS              comma list of footprint,latency,burst,shared,poll,storm (default: all)
              --storm-slots N           slot alerts in the storm (default 500; quick 100)
              --storm-mirrors N         failed-mirror alerts in the storm (default 200; quick 40)
              --latency-tables N        tables per latency series (default 200; quick 30)
              --burst-tables N          tables per burst (default 1000; quick 100)
              --create-latency-ms N     emulator latency per create in the slow burst (default 200)
              --create-concurrency N    concurrency mirror-service may use toward PeerDB (default: observed peak)
              --poll-slots N            replication slots for the poll measurement (default 1000; quick 100)
              --poll-interval-s N       alert-service poll interval during the measurement (default 5)
              --poll-minutes N          length of the poll measurement (default 10; quick 2)
              --results DIR             where results go (default bench/results, quick: bench/results/quick)
              --project-root DIR        the EchoDB checkout (default .)
            """;

    /**
     * Reads the command line.
     *
     * @throws IllegalArgumentException naming the bad argument
     */
    static BenchOptions parse(String[] args) {
        boolean quick = false;
        for (String arg : args) {
            quick |= "--quick".equals(arg);
        }
        Path projectRoot = Path.of(".");
        Path results = null;
        Set<Part> parts = EnumSet.allOf(Part.class);
        int latencyTables = quick ? 30 : 200;
        int burstTables = quick ? 100 : 1000;
        long createLatencyMs = 200;
        OptionalInt concurrency = OptionalInt.empty();
        int pollSlots = quick ? 100 : 1000;
        long pollIntervalS = 5;
        long pollMinutes = quick ? 2 : 10;
        int stormSlots = quick ? 100 : 500;
        int stormMirrors = quick ? 40 : 200;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> {}
                case "--only" -> parts = parts(value(args, ++i, arg));
                case "--latency-tables" -> latencyTables = positive(args, ++i, arg);
                case "--burst-tables" -> burstTables = positive(args, ++i, arg);
                case "--create-latency-ms" -> createLatencyMs = positive(args, ++i, arg);
                case "--create-concurrency" -> concurrency = OptionalInt.of(positive(args, ++i, arg));
                case "--poll-slots" -> pollSlots = positive(args, ++i, arg);
                case "--poll-interval-s" -> pollIntervalS = positive(args, ++i, arg);
                case "--poll-minutes" -> pollMinutes = positive(args, ++i, arg);
                case "--storm-slots" -> stormSlots = positive(args, ++i, arg);
                case "--storm-mirrors" -> stormMirrors = positive(args, ++i, arg);
                case "--results" -> results = Path.of(value(args, ++i, arg));
                case "--project-root" -> projectRoot = Path.of(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (pollSlots > 1100) {
            throw new IllegalArgumentException("--poll-slots is at most 1100 (the test server allows 1,200 slots)");
        }
        projectRoot = projectRoot.toAbsolutePath().normalize();
        if (results == null) {
            results = projectRoot.resolve(quick ? "bench/results/quick" : "bench/results");
        }
        Duration pollDuration = Duration.ofMinutes(pollMinutes);
        Duration firstSample = quick ? Duration.ofSeconds(30) : Duration.ofMinutes(1);
        return new BenchOptions(
                quick,
                projectRoot,
                results.toAbsolutePath().normalize(),
                parts,
                quick ? 5 : 10,
                latencyTables,
                burstTables,
                Duration.ofMillis(createLatencyMs),
                concurrency,
                pollSlots,
                Duration.ofSeconds(pollIntervalS),
                pollDuration,
                firstSample.compareTo(pollDuration) < 0 ? firstSample : pollDuration.dividedBy(2),
                quick ? 1 : 3,
                stormSlots,
                stormMirrors);
    }

    /** Whether {@code part} runs. */
    boolean runs(Part part) {
        return parts.contains(part);
    }

    private static Set<Part> parts(String list) {
        Set<Part> parts = EnumSet.noneOf(Part.class);
        for (String name : list.split(",")) {
            try {
                parts.add(Part.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown part " + name + " in --only");
            }
        }
        return parts;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int positive(String[] args, int index, String option) {
        String value = value(args, index, option);
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a positive whole number, not " + value);
    }
}
