package io.echodb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One scrape in Prometheus' text format 0.0.4 (what {@code /q/metrics} answers): the {@code # HELP} text of each
 * metric family and every sample. Only what the tests read; label values with escaped quotes are unescaped.
 */
public final class PrometheusScrape {

    /** One sample line: {@code name{labels} value}. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern HELP = Pattern.compile("^# HELP (\\S+) ?(.*)$");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: \\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private final String text;
    private final Map<String, String> help = new TreeMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private PrometheusScrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            Matcher helpLine = HELP.matcher(line);
            if (helpLine.matches()) {
                help.put(helpLine.group(1), helpLine.group(2).strip());
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(
                            label.group(1), label.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
        }
    }

    /** Parses {@code text}, a scrape in the text format. */
    public static PrometheusScrape parse(String text) {
        return new PrometheusScrape(text);
    }

    /** The text as scraped. */
    public String text() {
        return text;
    }

    /** The {@code # HELP} text of every family whose name starts with {@code prefix} (stripped, maybe empty). */
    public Map<String, String> helpOf(String prefix) {
        Map<String, String> found = new TreeMap<>();
        help.forEach((family, text) -> {
            if (family.startsWith(prefix)) {
                found.put(family, text);
            }
        });
        return found;
    }

    /** Every sample of series {@code name}. */
    public List<Sample> samples(String name) {
        return samples.stream().filter(sample -> sample.name().equals(name)).toList();
    }

    /**
     * The value of series {@code name} whose labels include all of {@code labels} (key, value, key, value…); empty
     * when no such series was scraped.
     */
    public Optional<Double> value(String name, String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come as key, value pairs");
        }
        return samples(name).stream()
                .filter(sample -> {
                    for (int i = 0; i < labels.length; i += 2) {
                        if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                            return false;
                        }
                    }
                    return true;
                })
                .map(Sample::value)
                .findFirst();
    }

    /**
     * The lines of {@code promtool check metrics} about this scrape (its lint findings, e.g. {@code "x no help
     * text"}), or empty when {@code promtool} is not on the {@code PATH} (Debian package {@code prometheus}).
     */
    public Optional<List<String>> promtoolFindings() {
        Optional<Path> promtool = Stream.of(
                        System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
        if (promtool.isEmpty()) {
            return Optional.empty();
        }
        try {
            Process process = new ProcessBuilder(promtool.get().toString(), "check", "metrics")
                    .redirectErrorStream(true)
                    .start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(text.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(Duration.ofMinutes(1).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool check metrics did not finish within a minute");
            }
            return Optional.of(output.lines().filter(line -> !line.isBlank()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + promtool.get(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while promtool ran", e);
        }
    }
}
