package io.echodb.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Writes a run's {@link Results}: {@code latest.json} (the keys docs/benchmarks.md describes), {@code latest.md}
 * (a Markdown summary with the targets) and the console table.
 */
final class Report {

    /** Heap growth over the measurement above which the heap counts as growing, MiB. */
    static final double HEAP_GROWTH_LIMIT_MB = 2.0;
    /** Least-squares heap slope above which the heap counts as growing, MiB per minute. */
    static final double HEAP_SLOPE_LIMIT_MB_PER_MIN = 0.2;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Results results;

    Report(Results results) {
        this.results = results;
    }

    /** One project target and whether the run met it. */
    record Target(String name, String goal, Boolean met, String measured) {}

    // ---- targets ------------------------------------------------------------------------------------------------

    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        LatencyBenchmark.Series latency = results.latency;
        targets.add(
                latency == null
                        ? new Target("latency", "p50 ≤ 20 ms, p99 ≤ 100 ms", null, "not measured")
                        : new Target(
                                "latency",
                                "p50 ≤ 20 ms, p99 ≤ 100 ms",
                                latency.mainPath().p50() <= 20
                                        && latency.mainPath().p99() <= 100,
                                String.format(
                                        Locale.ROOT,
                                        "p50 %.1f ms, p99 %.1f ms",
                                        latency.mainPath().p50(),
                                        latency.mainPath().p99())));
        Optional<BurstBenchmark.Result> slow =
                results.burst("per-table", results.options.createLatency().toMillis());
        List<BurstBenchmark.Result> perTable = results.bursts.stream()
                .filter(burst -> burst.strategy().equals("per-table"))
                .toList();
        if (perTable.isEmpty()) {
            targets.add(
                    new Target("burst", "every table mirrored exactly once, efficiency ≥ 0.9", null, "not measured"));
        } else {
            boolean once = results.bursts.stream().allMatch(BurstBenchmark.Result::mirroredOnce);
            Double efficiency = slow.map(BurstBenchmark.Result::efficiency).orElse(null);
            targets.add(new Target(
                    "burst",
                    "every table mirrored exactly once, efficiency ≥ 0.9",
                    efficiency == null ? null : once && efficiency >= 0.9,
                    "mirrored once: " + once + ", efficiency "
                            + (efficiency == null
                                    ? "not measured"
                                    : String.format(
                                            Locale.ROOT,
                                            "%.2f (C = %d)",
                                            efficiency,
                                            slow.get().concurrency()))));
        }
        PollBenchmark.Result poll = results.poll;
        if (poll == null) {
            targets.add(new Target("poll", "cycle ≤ 1 s, constant queries per source", null, "not measured"));
            targets.add(new Target("heap", "no heap growth trend", null, "not measured"));
        } else {
            boolean constant = poll.baselineQueriesPerCycle() >= 0
                    && Math.abs(poll.queriesPerCycle() - poll.baselineQueriesPerCycle()) < 0.5;
            targets.add(new Target(
                    "poll",
                    "cycle ≤ 1 s, constant queries per source",
                    poll.cycleMeanMs() <= 1000 && poll.cycleMaxMs() <= 1000 && constant,
                    String.format(
                            Locale.ROOT,
                            "cycle mean %.1f ms (max %.1f ms) with %d slots; %.2f queries per "
                                    + "cycle (%.2f with %d slots)",
                            poll.cycleMeanMs(),
                            poll.cycleMaxMs(),
                            poll.slots(),
                            poll.queriesPerCycle(),
                            poll.baselineQueriesPerCycle(),
                            poll.baselineSlots())));
            double slope = heapSlope(poll.heap());
            targets.add(new Target(
                    "heap",
                    "no heap growth trend",
                    poll.heapGrowthMb() <= HEAP_GROWTH_LIMIT_MB && slope <= HEAP_SLOPE_LIMIT_MB_PER_MIN,
                    String.format(
                            Locale.ROOT,
                            "%+.1f MiB from minute %.1f to %.1f (slope %+.2f MiB/min)",
                            poll.heapGrowthMb(),
                            poll.heap().get(0).minutes(),
                            poll.heap().get(poll.heap().size() - 1).minutes(),
                            slope)));
        }
        return targets;
    }

    /** Least-squares slope of heap over time, MiB per minute (0 with fewer than two samples). */
    static double heapSlope(List<PollBenchmark.HeapSample> samples) {
        int n = samples.size();
        if (n < 2) {
            return 0;
        }
        double mx = samples.stream()
                .mapToDouble(PollBenchmark.HeapSample::minutes)
                .average()
                .orElse(0);
        double my = samples.stream()
                .mapToDouble(PollBenchmark.HeapSample::heapMb)
                .average()
                .orElse(0);
        double num = 0;
        double den = 0;
        for (PollBenchmark.HeapSample s : samples) {
            num += (s.minutes() - mx) * (s.heapMb() - my);
            den += (s.minutes() - mx) * (s.minutes() - mx);
        }
        return den == 0 ? 0 : num / den;
    }

    // ---- JSON ---------------------------------------------------------------------------------------------------

    void writeJson(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("generated_at", results.finishedAt.toString());
        root.put("mode", results.options.quick() ? "quick" : "full");
        root.put("commit", commit());
        root.put(
                "postgres_major_version",
                io.echodb.testing.PostgresVersion.configured().major());
        root.put(
                "duration_minutes",
                round(Duration.between(results.startedAt, results.finishedAt).toSeconds() / 60.0));
        Results.Machine machine = results.machine();
        ObjectNode m = root.putObject("machine");
        m.put("cores", machine.cores());
        m.put("memory_mb", machine.memoryMb());
        m.put("cpu", machine.cpu());
        m.put("os", machine.os());
        m.put("jdk", machine.jdk());
        numbers(m.putArray("load_before"), machine.loadBefore());
        numbers(m.putArray("load_after"), machine.loadAfter());
        m.put("busy", machine.busyBefore());

        distribution(
                root,
                "latency_ms",
                results.latency == null ? null : results.latency.mainPath(),
                results.latency == null ? 0 : results.latency.missed());
        peerDbMeans(root, "latency_ms", results.latency);
        distribution(root, "floor_ms", results.latency == null ? null : results.latency.floor(), 0);
        distribution(
                root,
                "latency_no_settle_ms",
                results.latencyNoSettle == null ? null : results.latencyNoSettle.mainPath(),
                results.latencyNoSettle == null ? 0 : results.latencyNoSettle.missed());
        peerDbMeans(root, "latency_no_settle_ms", results.latencyNoSettle);
        distribution(
                root,
                "floor_no_settle_ms",
                results.latencyNoSettle == null ? null : results.latencyNoSettle.floor(),
                0);

        ObjectNode burst = root.putObject("burst");
        Optional<BurstBenchmark.Result> instant = results.burst("per-table", 0);
        Optional<BurstBenchmark.Result> slow =
                results.burst("per-table", results.options.createLatency().toMillis());
        if (results.bursts.isEmpty()) {
            burst.putNull("tables");
            burst.putNull("seconds");
            burst.putNull("mirrored_once");
            burst.putNull("efficiency");
        } else {
            burst.put("tables", results.bursts.get(0).tables());
            putOrNull(burst, "seconds", instant.map(BurstBenchmark.Result::seconds));
            putOrNull(
                    burst,
                    "seconds_" + results.options.createLatency().toMillis() + "ms",
                    slow.map(BurstBenchmark.Result::seconds));
            burst.put("mirrored_once", results.bursts.stream().allMatch(BurstBenchmark.Result::mirroredOnce));
            putOrNull(burst, "efficiency", slow.map(BurstBenchmark.Result::efficiency));
        }
        burst.put("shared_strategy", results.sharedStrategy);
        ArrayNode scenarios = burst.putArray("scenarios");
        for (BurstBenchmark.Result b : results.bursts) {
            ObjectNode s = scenarios.addObject();
            s.put("scenario", b.scenario());
            s.put("strategy", b.strategy());
            s.put("create_latency_ms", b.createLatencyMs());
            s.put("tables", b.tables());
            s.put("commit_seconds", round(b.commitSeconds()));
            s.put("seconds", round(b.seconds()));
            s.put("complete", b.complete());
            s.put("missing", b.missing());
            s.put("in_several_mirrors", b.inSeveralMirrors());
            s.put("mirrors", b.mirrors());
            s.put("create_requests", b.createRequests());
            s.put("names_with_several_creates", b.namesWithSeveralCreates());
            s.put("mirrored_once", b.mirroredOnce());
            s.put("concurrency", b.concurrency());
            s.put("concurrency_source", b.concurrencySource());
            putOrNull(s, "ideal_seconds", Optional.of(b.idealSeconds()).filter(v -> !v.isNaN()));
            putOrNull(s, "efficiency", Optional.of(b.efficiency()).filter(v -> !v.isNaN()));
            if (b.pauseCycles() >= 0) {
                s.put("pause_cycles", b.pauseCycles());
                s.put("pause_cycles_metric", b.pauseCyclesMetric());
            }
            ObjectNode peerDb = s.putObject("peerdb_request_mean_ms");
            b.peerDbRequestMeanMs().forEach((operation, ms) -> peerDb.put(operation, round(ms)));
            ObjectNode cpu = s.putObject("cpu_seconds");
            cpuShares(b).forEach((part, seconds) -> cpu.put(part, round(seconds)));
        }

        ObjectNode poll = root.putObject("poll");
        PollBenchmark.Result p = results.poll;
        if (p == null) {
            poll.putNull("cycle_ms");
            poll.putNull("queries_per_source");
            poll.putNull("heap_growth_mb");
        } else {
            poll.put("cycle_ms", round(p.cycleMeanMs()));
            poll.put("cycle_max_ms", round(p.cycleMaxMs()));
            poll.put("cycle_max_first_minutes_ms", round(p.coldCycleMaxMs()));
            ObjectNode perTarget = poll.putObject("target_mean_ms");
            p.targetMeanMs().forEach((target, ms) -> perTarget.put(target, round(ms)));
            poll.put("queries_per_source", round(p.queriesPerCycle()));
            poll.put("queries_per_source_baseline", round(p.baselineQueriesPerCycle()));
            poll.put("other_statements_per_cycle", round(p.otherStatementsPerCycle()));
            poll.put("other_statements_per_cycle_baseline", round(p.baselineOtherStatementsPerCycle()));
            poll.put("baseline_slots", p.baselineSlots());
            poll.put("heap_growth_mb", round(p.heapGrowthMb()));
            poll.put("heap_first_mb", round(p.heapFirstMb()));
            poll.put("heap_end_mb", round(p.heapEndMb()));
            poll.put("heap_slope_mb_per_min", round(heapSlope(p.heap())));
            poll.put("slots", p.slots());
            poll.put("mirrors", p.mirrors());
            poll.put("interval_s", p.intervalSeconds());
            poll.put("minutes", round(p.minutes()));
            poll.put("cycles", p.cycles());
            poll.put("failed_cycles", p.failedCycles());
            poll.put("rss_end_mb", round(p.rssEndMb()));
            ObjectNode cpu = poll.putObject("cpu_ms_per_cycle");
            p.cpuMsPerCycle().forEach((part, ms) -> cpu.put(part, round(ms)));
            poll.put(
                    "queries_counted_with",
                    "pg_stat_statements, alert-service's own login; source polls apart from "
                            + "its state (schema echodb), advisory locks and transaction control");
            ArrayNode heap = poll.putArray("heap_samples");
            for (PollBenchmark.HeapSample sample : p.heap()) {
                heap.addObject()
                        .put("minutes", round(sample.minutes()))
                        .put("heap_mb", round(sample.heapMb()))
                        .put("after_full_gc", sample.gc())
                        .put("cycle_max_ms", round(sample.cycleMaxMs()));
            }
            ObjectNode statements = poll.putObject("statements");
            p.statements().forEach(statements::put);
        }

        StormBenchmark.Result st = results.storm;
        if (st == null) {
            root.putNull("storm");
        } else {
            root.putObject("storm")
                    .put("slots", st.slots())
                    .put("mirrors", st.mirrors())
                    .put("deliver_s", round(st.deliverSeconds()))
                    .put("messages", st.messages())
                    .put("largest_block_text", st.largestBlockText())
                    .put("resolve_s", round(st.resolveSeconds()))
                    .put("resolve_messages", st.resolveMessages());
        }

        ObjectNode startup = root.putObject("startup_ms");
        ObjectNode quarkus = root.putObject("quarkus_started_ms");
        ObjectNode rssReady = root.putObject("rss_at_ready_mb");
        ObjectNode runs = root.putObject("startup_runs_ms");
        results.startups.forEach((service, s) -> {
            startup.put(service, round(s.startupMs()));
            quarkus.put(service, round(s.quarkusStartedMs()));
            rssReady.put(service, round(s.rssAtReadyMb()));
            numbers(runs.putArray(service), s.runsMs());
        });
        ObjectNode rss = root.putObject("rss_mb");
        results.rssWarmMb.forEach((service, mb) -> rss.put(service, round(mb)));
        root.put("native_executables", results.nativeExecutables);

        ObjectNode targets = root.putObject("targets");
        for (Target target : targets()) {
            ObjectNode t = targets.putObject(target.name());
            t.put("goal", target.goal());
            if (target.met() == null) {
                t.putNull("met");
            } else {
                t.put("met", target.met());
            }
            t.put("measured", target.measured());
        }
        ObjectNode errors = root.putObject("errors");
        results.errors.forEach(errors::put);
        Files.writeString(file, JSON.writeValueAsString(root) + "\n");
    }

    /** The measured checkout's commit, as bench/run.sh found it ({@code ECHODB_BENCH_COMMIT}). */
    private static String commit() {
        String commit = System.getenv("ECHODB_BENCH_COMMIT");
        return commit == null || commit.isBlank() ? "unknown" : commit;
    }

    private static void distribution(ObjectNode root, String key, Distribution d, int missed) {
        if (d == null) {
            root.putNull(key);
            return;
        }
        ObjectNode node = root.putObject(key);
        node.put("p50", round(d.p50()));
        node.put("p95", round(d.p95()));
        node.put("p99", round(d.p99()));
        node.put("max", round(d.max()));
        node.put("min", round(d.min()));
        node.put("mean", round(d.mean()));
        node.put("samples", d.samples());
        if (missed > 0) {
            node.put("missed", missed);
        }
    }

    private static void peerDbMeans(ObjectNode root, String key, LatencyBenchmark.Series series) {
        if (series != null && !series.peerDbRequestMeanMs().isEmpty()) {
            ObjectNode means = ((ObjectNode) root.get(key)).putObject("peerdb_request_mean_ms");
            series.peerDbRequestMeanMs().forEach((operation, ms) -> means.put(operation, round(ms)));
        }
    }

    private static void putOrNull(ObjectNode node, String key, Optional<Double> value) {
        if (value.isPresent()) {
            node.put(key, round(value.get()));
        } else {
            node.putNull(key);
        }
    }

    private static void numbers(ArrayNode array, List<Double> values) {
        values.forEach(value -> array.add(round(value)));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    // ---- Markdown and console -----------------------------------------------------------------------------------

    void writeMarkdown(Path file, List<String> charts) throws IOException {
        StringBuilder md = new StringBuilder();
        Results.Machine machine = results.machine();
        md.append("# EchoDB benchmark results (")
                .append(results.options.quick() ? "quick" : "full")
                .append(" run)\n\n");
        md.append("Commit measured: ")
                .append(commit())
                .append(", against PostgreSQL ")
                .append(io.echodb.testing.PostgresVersion.configured().major())
                .append(".\n\n");
        md.append("Generated by `./bench/run.sh` at ")
                .append(results.finishedAt)
                .append(" in ")
                .append(Duration.between(results.startedAt, results.finishedAt).toMinutes())
                .append(" min. ")
                .append("See docs/benchmarks.md for the method and the analysis.\n\n");
        md.append("Machine: ")
                .append(machine.cores())
                .append(" cores (")
                .append(machine.cpu())
                .append("), ")
                .append(machine.memoryMb())
                .append(" MiB, ")
                .append(machine.os())
                .append(", ")
                .append(machine.jdk())
                .append(". Load average before ")
                .append(machine.loadBefore())
                .append(", after ")
                .append(machine.loadAfter())
                .append(machine.busyBefore() ? " — **the machine was busy**" : "")
                .append(".\n\n");
        md.append("## Targets\n\n| target | goal | met | measured |\n|---|---|---|---|\n");
        for (Target t : targets()) {
            md.append("| ")
                    .append(t.name())
                    .append(" | ")
                    .append(t.goal())
                    .append(" | ")
                    .append(t.met() == null ? "—" : t.met() ? "yes" : "**no**")
                    .append(" | ")
                    .append(t.measured())
                    .append(" |\n");
        }
        md.append("\n");
        for (String[] row : rows()) {
            if (row.length == 1) {
                md.append("\n## ").append(row[0]).append("\n\n| figure | value |\n|---|---|\n");
            } else {
                md.append("| ").append(row[0]).append(" | ").append(row[1]).append(" |\n");
            }
        }
        if (!results.errors.isEmpty()) {
            md.append("\n## Errors\n\n");
            results.errors.forEach((part, error) ->
                    md.append("- ").append(part).append(": ").append(error).append("\n"));
        }
        md.append("\n## Charts\n\n");
        charts.forEach(chart ->
                md.append("![").append(chart).append("](").append(chart).append(")\n\n"));
        Files.writeString(file, md.toString());
    }

    /** The results as a plain-text table (for the console). */
    String table() {
        StringBuilder out = new StringBuilder();
        for (String[] row : rows()) {
            if (row.length == 1) {
                out.append("\n").append(row[0]).append("\n");
            } else {
                out.append(String.format(Locale.ROOT, "  %-58s %s%n", row[0], row[1]));
            }
        }
        out.append("\ntargets\n");
        for (Target t : targets()) {
            out.append(String.format(
                    Locale.ROOT,
                    "  %-8s %-4s %s — %s%n",
                    t.name(),
                    t.met() == null ? "n/a" : t.met() ? "met" : "NOT",
                    t.goal(),
                    t.measured()));
        }
        results.errors.forEach((part, error) -> out.append("  error in ")
                .append(part)
                .append(": ")
                .append(error)
                .append("\n"));
        return out.toString();
    }

    /** Section headers (one cell) and figure rows (two cells), shared by the console and Markdown output. */
    private List<String[]> rows() {
        List<String[]> rows = new ArrayList<>();
        if (!results.startups.isEmpty() || !results.rssWarmMb.isEmpty()) {
            rows.add(new String[] {"Footprint (JVM mode, -XX:+UseSerialGC -Xmx256m)"});
            results.startups.forEach((service, s) -> rows.add(new String[] {
                service + ": launch → ready",
                String.format(
                        Locale.ROOT,
                        "%.0f ms (Quarkus \"started in\" %.0f ms; runs %s)",
                        s.startupMs(),
                        s.quarkusStartedMs(),
                        s.runsMs().stream()
                                .map(v -> String.format(Locale.ROOT, "%.0f", v))
                                .toList())
            }));
            results.rssWarmMb.forEach((service, mb) -> rows.add(new String[] {
                service + ": RSS after warm-up",
                String.format(
                        Locale.ROOT,
                        "%.0f MiB (at ready: %.0f MiB)",
                        mb,
                        Optional.ofNullable(results.startups.get(service))
                                .map(FootprintBenchmark.Startup::rssAtReadyMb)
                                .orElse(Double.NaN))
            }));
            rows.add(new String[] {"native executables", results.nativeExecutables});
        }
        if (results.storm != null) {
            StormBenchmark.Result st = results.storm;
            rows.add(new String[] {"Alert storm (bot token, Slack emulator with Slack's rate and size limits)"});
            rows.add(new String[] {"alerts", st.slots() + " slots + " + st.mirrors() + " failed mirrors"});
            rows.add(new String[] {
                "delivered",
                String.format(
                        Locale.ROOT,
                        "%.1f s, %d messages, at most %d characters of block text in one",
                        st.deliverSeconds(),
                        st.messages(),
                        st.largestBlockText())
            });
            rows.add(new String[] {
                "resolved",
                String.format(Locale.ROOT, "%.1f s, %d replies and updates", st.resolveSeconds(), st.resolveMessages())
            });
        }
        latencyRows(rows, results.latency, "Main path latency, listener defaults");
        latencyRows(rows, results.latencyNoSettle, "Main path latency, ECHODB_LISTENER_SETTLE_DELAY=0s");
        if (!results.bursts.isEmpty()) {
            rows.add(new String[] {"Bursts (shared strategy: " + results.sharedStrategy + ")"});
            for (BurstBenchmark.Result b : results.bursts) {
                rows.add(new String[] {
                    b.scenario(),
                    String.format(
                            Locale.ROOT,
                            "%d tables committed in %.1f s, mirrored in %.1f s%s; once: %s (missing %d, doubled %d, "
                                    + "names with >1 create %d)%s%s",
                            b.tables(),
                            b.commitSeconds(),
                            b.seconds(),
                            b.complete() ? "" : " (INCOMPLETE)",
                            b.mirroredOnce(),
                            b.missing(),
                            b.inSeveralMirrors(),
                            b.namesWithSeveralCreates(),
                            b.createLatencyMs() > 0 && !Double.isNaN(b.efficiency())
                                    ? String.format(
                                            Locale.ROOT,
                                            "; ideal %.1f s with C = %d (%s), efficiency %.2f",
                                            b.idealSeconds(),
                                            b.concurrency(),
                                            b.concurrencySource(),
                                            b.efficiency())
                                    : "",
                            b.pauseCycles() >= 0
                                    ? "; pause cycles " + b.pauseCycles() + " (emulator), " + b.pauseCyclesMetric()
                                            + " (echodb.shared.pause.cycles)"
                                    : "")
                });
            }
        }
        for (BurstBenchmark.Result b : results.bursts) {
            rows.add(new String[] {
                "  CPU seconds, " + b.scenario(),
                cpuShares(b).entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "))
            });
            if (!b.peerDbRequestMeanMs().isEmpty()) {
                rows.add(new String[] {
                    "  mirror-service's PeerDB calls (mean), " + b.scenario(),
                    b.peerDbRequestMeanMs().entrySet().stream()
                            .map(e -> String.format(Locale.ROOT, "%s %.1f ms", e.getKey(), e.getValue()))
                            .collect(Collectors.joining(", "))
                });
            }
        }
        PollBenchmark.Result p = results.poll;
        if (p != null) {
            rows.add(new String[] {"Alert poll"});
            rows.add(new String[] {
                "source",
                String.format(
                        Locale.ROOT,
                        "%d replication slots, %d mirrors in the emulator, poll every %d s for %.0f min (%d cycles, %d "
                                + "failed)",
                        p.slots(),
                        p.mirrors(),
                        p.intervalSeconds(),
                        p.minutes(),
                        p.cycles(),
                        p.failedCycles())
            });
            rows.add(new String[] {
                "cycle (echodb.alert.poll)",
                String.format(
                        Locale.ROOT,
                        "mean %.1f ms, max %.1f ms (first 4 minutes: %.1f ms); per target: %s",
                        p.cycleMeanMs(),
                        p.cycleMaxMs(),
                        p.coldCycleMaxMs(),
                        p.targetMeanMs().entrySet().stream()
                                .map(e -> String.format(Locale.ROOT, "%s %.1f ms", e.getKey(), e.getValue()))
                                .toList())
            });
            rows.add(new String[] {
                "queries per cycle per source",
                String.format(
                        Locale.ROOT,
                        "%.2f with %d slots; %.2f with %d slots (pg_stat_statements)",
                        p.queriesPerCycle(),
                        p.slots(),
                        p.baselineQueriesPerCycle(),
                        p.baselineSlots())
            });
            rows.add(new String[] {
                "other statements per cycle (alert state, locks)",
                String.format(
                        Locale.ROOT,
                        "%.2f with %d slots; %.2f with %d slots",
                        p.otherStatementsPerCycle(),
                        p.slots(),
                        p.baselineOtherStatementsPerCycle(),
                        p.baselineSlots())
            });
            rows.add(new String[] {
                "heap after full GC",
                String.format(
                        Locale.ROOT,
                        "%.1f MiB at %.1f min → %.1f MiB at %.1f min (%+.1f MiB, slope %+.2f MiB/min)",
                        p.heapFirstMb(),
                        p.heap().get(0).minutes(),
                        p.heapEndMb(),
                        p.heap().get(p.heap().size() - 1).minutes(),
                        p.heapGrowthMb(),
                        heapSlope(p.heap()))
            });
            rows.add(new String[] {"alert-service RSS at the end", String.format(Locale.ROOT, "%.0f MiB", p.rssEndMb())
            });
            rows.add(new String[] {
                "CPU per cycle",
                p.cpuMsPerCycle().entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.1f ms", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "))
            });
        }
        return rows;
    }

    /**
     * A burst's CPU seconds per part, with {@code capacity} (window × cores) and {@code other work} (the
     * machine's busy time not used by the stack or the benchmark JVM: other processes on the machine).
     */
    private Map<String, Double> cpuShares(BurstBenchmark.Result burst) {
        Map<String, Double> shares = new LinkedHashMap<>();
        if (burst.cpuSeconds().isEmpty()) {
            return shares;
        }
        double machine = burst.cpuSeconds().getOrDefault(CpuMeter.MACHINE, 0.0);
        double ours = 0;
        shares.put(
                "capacity",
                burst.cpuSeconds().getOrDefault(CpuMeter.WALL, 0.0)
                        * results.machine().cores());
        shares.put("machine busy", machine);
        for (Map.Entry<String, Double> part : burst.cpuSeconds().entrySet()) {
            if (!part.getKey().equals(CpuMeter.MACHINE) && !part.getKey().equals(CpuMeter.WALL)) {
                shares.put(part.getKey(), part.getValue());
                ours += part.getValue();
            }
        }
        shares.put("other work", Math.max(0, machine - ours));
        return shares;
    }

    private static void latencyRows(List<String[]> rows, LatencyBenchmark.Series series, String title) {
        if (series == null) {
            return;
        }
        rows.add(new String[] {title});
        Map<String, Distribution> parts = new LinkedHashMap<>();
        parts.put("commit → PeerDB create request", series.mainPath());
        parts.put("commit → bare PgSubscriber notification (floor)", series.floor());
        parts.forEach((name, d) -> rows.add(new String[] {
            name,
            String.format(
                    Locale.ROOT,
                    "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (%d tables)",
                    d.p50(),
                    d.p95(),
                    d.p99(),
                    d.max(),
                    d.samples())
        }));
        if (!series.peerDbRequestMeanMs().isEmpty()) {
            rows.add(new String[] {
                "mirror-service's PeerDB calls (mean duration)",
                series.peerDbRequestMeanMs().entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.1f ms", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "))
            });
        }
        if (series.missed() > 0) {
            rows.add(new String[] {"tables not mirrored within 30 s", Integer.toString(series.missed())});
        }
    }
}
