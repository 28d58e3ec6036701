package io.echodb.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus series EchoDB's services export, found by reading their Java sources for Micrometer meters
 * named {@code echodb.…} ({@code registry.counter("echodb.x", …)}, {@code Timer.builder(NAME)} with
 * {@code static final String NAME = "echodb.x"}, {@code MultiGauge.builder(…).baseUnit("bytes")},
 * {@code registry.gaugeMapSize(NAME, tags, map)},
 * {@code @Counted("echodb.x")}, …) and naming them the way Micrometer's Prometheus registry does: dots become
 * underscores, the base unit is appended ({@code _bytes}; timers {@code _seconds}), counters end in
 * {@code _total}, and timers and distribution summaries export {@code _count}, {@code _sum}, {@code _max} (and
 * {@code _bucket} with a histogram).
 */
final class ExportedMetrics {

    enum Type {
        COUNTER,
        GAUGE,
        TIMER,
        SUMMARY,
        LONG_TASK_TIMER
    }

    /** One meter found in the code. */
    record Meter(String service, String name, Type type, String baseUnit) {

        /** The series Prometheus scrapes for this meter. */
        Set<String> series() {
            String unit = type == Type.TIMER || type == Type.LONG_TASK_TIMER ? "seconds" : baseUnit;
            String snake = name.replace('.', '_').replace('-', '_');
            String base = unit == null || snake.endsWith("_" + unit) ? snake : snake + "_" + unit;
            return switch (type) {
                case COUNTER -> Set.of(base.endsWith("_total") ? base : base + "_total");
                case GAUGE -> Set.of(base);
                case TIMER, SUMMARY -> Set.of(base + "_count", base + "_sum", base + "_max", base + "_bucket");
                case LONG_TASK_TIMER -> Set.of(base + "_active_count", base + "_duration_sum", base + "_max");
            };
        }
    }

    private static final Pattern CONSTANT =
            Pattern.compile("static\\s+final\\s+String\\s+(\\w+)\\s*=\\s*\"(echodb\\.[a-z0-9_.-]+)\"");

    private static final String ARGUMENT = "\\s*(\"[^\"]*\"|[\\w.]+)";

    private static final Pattern BUILDER =
            Pattern.compile("\\b(Counter|FunctionCounter|Timer|FunctionTimer|LongTaskTimer|Gauge|MultiGauge|TimeGauge"
                    + "|DistributionSummary)\\.builder\\(" + ARGUMENT);

    private static final Pattern REGISTRY_CALL = Pattern.compile(
            "\\.(counter|timer|gauge|gaugeMapSize|gaugeCollectionSize|summary|longTaskTimer|timeGauge)\\(" + ARGUMENT);

    private static final Pattern ANNOTATION = Pattern.compile("@(Counted|Timed)\\(\\s*(?:value\\s*=)?" + ARGUMENT);

    private static final Pattern BASE_UNIT =
            Pattern.compile("\\.baseUnit\\(\\s*(?:BaseUnits\\.(\\w+)|\"([^\"]+)\")\\s*\\)");

    private static final Map<String, Type> TYPES = Map.ofEntries(
            Map.entry("Counter", Type.COUNTER),
            Map.entry("FunctionCounter", Type.COUNTER),
            Map.entry("counter", Type.COUNTER),
            Map.entry("Counted", Type.COUNTER),
            Map.entry("Timer", Type.TIMER),
            Map.entry("FunctionTimer", Type.TIMER),
            Map.entry("timer", Type.TIMER),
            Map.entry("Timed", Type.TIMER),
            Map.entry("LongTaskTimer", Type.LONG_TASK_TIMER),
            Map.entry("longTaskTimer", Type.LONG_TASK_TIMER),
            Map.entry("Gauge", Type.GAUGE),
            Map.entry("MultiGauge", Type.GAUGE),
            Map.entry("gauge", Type.GAUGE),
            Map.entry("TimeGauge", Type.GAUGE),
            Map.entry("gaugeMapSize", Type.GAUGE),
            Map.entry("gaugeCollectionSize", Type.GAUGE),
            Map.entry("timeGauge", Type.GAUGE),
            Map.entry("DistributionSummary", Type.SUMMARY),
            Map.entry("summary", Type.SUMMARY));

    private ExportedMetrics() {}

    /** Every {@code echodb.} meter of the three services, service-common's (which each of them runs) included. */
    static List<Meter> ofServices() {
        List<String> common = javaSources(Repository.path("service-common", "src", "main", "java"));
        return Repository.SERVICES.stream()
                .flatMap(service -> scan(
                        service,
                        Stream.concat(
                                        javaSources(Repository.path(service, "src", "main", "java")).stream(),
                                        common.stream())
                                .toList()))
                .toList();
    }

    /** Every series name of {@link #ofServices()}, sorted. */
    static Set<String> seriesOfServices() {
        Set<String> series = new TreeSet<>();
        ofServices().forEach(meter -> series.addAll(meter.series()));
        return series;
    }

    /** The meters declared in {@code sources} (file contents) of {@code service}. */
    static Stream<Meter> scan(String service, List<String> sources) {
        Map<String, String> constants = new HashMap<>();
        sources.forEach(source -> {
            Matcher constant = CONSTANT.matcher(source);
            while (constant.find()) {
                constants.put(constant.group(1), constant.group(2));
            }
        });
        return sources.stream()
                .flatMap(source -> Stream.of(BUILDER, REGISTRY_CALL, ANNOTATION)
                        .flatMap(pattern -> pattern.matcher(source).results())
                        .flatMap(match -> resolve(match.group(2), constants)
                                .map(name -> new Meter(
                                        service, name, TYPES.get(match.group(1)), baseUnit(source, match.end())))
                                .stream()));
    }

    private static Optional<String> resolve(String argument, Map<String, String> constants) {
        String name = argument.startsWith("\"")
                ? argument.substring(1, argument.length() - 1)
                : constants.get(argument.substring(argument.lastIndexOf('.') + 1));
        return Optional.ofNullable(name).filter(n -> n.startsWith("echodb."));
    }

    /** The {@code .baseUnit(…)} of the statement that starts at {@code from}, if any. */
    private static String baseUnit(String source, int from) {
        int end = source.indexOf(';', from);
        Matcher unit = BASE_UNIT.matcher(source.substring(from, end < 0 ? source.length() : end));
        if (!unit.find()) {
            return null;
        }
        return unit.group(1) != null ? unit.group(1).toLowerCase(Locale.ROOT) : unit.group(2);
    }

    private static List<String> javaSources(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .map(Repository::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }
}
