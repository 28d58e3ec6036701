package io.echodb.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few HTTP calls the benchmark makes: health, {@code /q/metrics}, the emulator's control endpoints. */
final class Http {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private Http() {}

    /**
     * The status of {@code GET url}, or -1 when nothing answers.
     *
     * @throws IllegalStateException when interrupted
     */
    static int status(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(2))
                    .build();
            return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * {@code POST url} with a JSON body; returns the status.
     *
     * @throws UncheckedIOException when nothing answers
     */
    static int postJson(String url, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return send(request).statusCode();
    }

    /**
     * The Prometheus samples at {@code baseUrl/q/metrics}.
     *
     * @throws UncheckedIOException when nothing answers; IllegalStateException on a non-200 answer
     */
    static Metrics metrics(String baseUrl) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(baseUrl + "/q/metrics answered " + response.statusCode());
        }
        return new Metrics(response.body());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One scrape of the Prometheus text format. */
    static final class Metrics {

        private final String text;

        Metrics(String text) {
            this.text = text;
        }

        /**
         * The sum of every sample named {@code name} whose labels include all of {@code labels}; NaN when there is
         * none (the meter does not exist).
         */
        double sum(String name, Map<String, String> labels) {
            double sum = 0;
            boolean found = false;
            for (String line : text.split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                Matcher sample = SAMPLE.matcher(line);
                if (sample.find() && sample.group(1).equals(name) && matches(sample.group(2), labels)) {
                    sum += Double.parseDouble(sample.group(3));
                    found = true;
                }
            }
            return found ? sum : Double.NaN;
        }

        /** The values label {@code label} takes on the samples named {@code name}. */
        Set<String> labelValues(String name, String label) {
            Set<String> values = new TreeSet<>();
            for (String line : text.split("\n")) {
                Matcher sample = SAMPLE.matcher(line);
                if (!line.startsWith("#") && sample.find() && sample.group(1).equals(name) && sample.group(2) != null) {
                    Matcher labels = LABEL.matcher(sample.group(2));
                    while (labels.find()) {
                        if (labels.group(1).equals(label)) {
                            values.add(labels.group(2));
                        }
                    }
                }
            }
            return values;
        }

        /**
         * The mean duration of a timer's observations since {@code before}, per value of {@code label}, ms (values
         * without observations in between are left out).
         *
         * @param timer the Prometheus base name, e.g. {@code echodb_peerdb_request_seconds}
         */
        Map<String, Double> meanMsSince(Metrics before, String timer, String label) {
            Map<String, Double> means = new TreeMap<>();
            for (String value : labelValues(timer + "_count", label)) {
                Map<String, String> labels = Map.of(label, value);
                double count = sum(timer + "_count", labels) - zeroIfNaN(before.sum(timer + "_count", labels));
                double seconds = sum(timer + "_sum", labels) - zeroIfNaN(before.sum(timer + "_sum", labels));
                if (count > 0) {
                    means.put(value, seconds * 1000 / count);
                }
            }
            return means;
        }

        private static double zeroIfNaN(double value) {
            return Double.isNaN(value) ? 0 : value;
        }

        /** {@link #sum(String, Map)} without a label filter. */
        double sum(String name) {
            return sum(name, Map.of());
        }

        private static boolean matches(String labelText, Map<String, String> wanted) {
            if (wanted.isEmpty()) {
                return true;
            }
            Map<String, String> labels = new HashMap<>();
            if (labelText != null) {
                Matcher label = LABEL.matcher(labelText);
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }
    }
}
