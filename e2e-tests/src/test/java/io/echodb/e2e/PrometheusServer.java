package io.echodb.e2e;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A real Prometheus server run as a process for the tests: the binary from the system property
 * {@code echodb.test.prometheus} or else {@code prometheus} on the {@code PATH} (Debian's {@code prometheus}
 * package, which {@code .ci/run} installs), listening on {@code 127.0.0.1:<port>} with its TSDB in a temp
 * directory removed on {@link #close()}, and {@code --web.enable-lifecycle} so that {@link #reload()} works.
 * Its HTTP API: https://prometheus.io/docs/prometheus/latest/querying/api/.
 */
final class PrometheusServer implements AutoCloseable {

    /** The system property naming the Prometheus binary to run instead of {@code prometheus} on the PATH. */
    static final String BINARY_PROPERTY = "echodb.test.prometheus";

    private final Process process;
    private final String baseUrl;
    private final Path storage;
    private final Path logFile;

    private PrometheusServer(Process process, String baseUrl, Path storage, Path logFile) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.storage = storage;
        this.logFile = logFile;
    }

    /**
     * The Prometheus binary to run.
     *
     * @throws IllegalStateException when there is none, with what to install
     */
    static Path binary() {
        String configured = System.getProperty(BINARY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured.strip());
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException(BINARY_PROPERTY + "=" + configured + " is not an executable file");
            }
            return path;
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, "prometheus"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No prometheus binary on the PATH: this test runs a real"
                        + " Prometheus. Install it (Debian/Ubuntu: apt-get install -y prometheus, as .ci/run does) or"
                        + " name one with -D" + BINARY_PROPERTY + "=/path/to/prometheus"));
    }

    /**
     * Starts Prometheus on {@code config} and waits until {@code /-/ready} answers 200.
     *
     * @param config the {@code prometheus.yml} (its rule files relative to it or absolute)
     * @param logFile where Prometheus' output goes
     * @throws IllegalStateException when it exits or is not ready within 60 s (with the tail of its log)
     */
    static PrometheusServer start(Path config, Path logFile) {
        Path binary = binary();
        try {
            int port = LocalStack.freePort();
            Path storage = Files.createTempDirectory("echodb-prometheus-");
            Process process = new ProcessBuilder(
                            binary.toString(),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + storage,
                            "--web.listen-address=127.0.0.1:" + port,
                            "--web.enable-lifecycle")
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            PrometheusServer server = new PrometheusServer(process, "http://127.0.0.1:" + port, storage, logFile);
            try {
                Awaitility.await("Prometheus ready")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .failFast("Prometheus exited", () -> !process.isAlive())
                        .until(server::ready);
            } catch (RuntimeException e) {
                server.close();
                throw new IllegalStateException(
                        "Prometheus did not start: " + e.getMessage() + "\n" + server.logTail(), e);
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + binary + ": " + e.getMessage(), e);
        }
    }

    private boolean ready() {
        try {
            return RestAssured.get(baseUrl + "/-/ready").statusCode() == 200;
        } catch (RuntimeException notListeningYet) {
            return false;
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:9090}. */
    String baseUrl() {
        return baseUrl;
    }

    /** Whether the process still runs. */
    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * {@code GET /api/v1/<path>}'s {@code data}.
     *
     * @throws AssertionError when the answer is not 200 with {@code "status":"success"}
     */
    JsonPath api(String path) {
        Response response = RestAssured.get(baseUrl + "/api/v1/" + path);
        JsonPath json = response.jsonPath();
        if (response.statusCode() != 200 || !"success".equals(json.getString("status"))) {
            throw new AssertionError(
                    "GET /api/v1/" + path + " answered " + response.statusCode() + ": " + response.asString());
        }
        return json.setRootPath("data");
    }

    /**
     * The instant vector of {@code promql} now ({@code /api/v1/query}): each element's {@code metric} (labels) and
     * {@code value} ({@code [time, "value"]}).
     */
    List<Map<String, Object>> query(String promql) {
        Response response = RestAssured.given().queryParam("query", promql).get(baseUrl + "/api/v1/query");
        JsonPath json = response.jsonPath();
        if (response.statusCode() != 200 || !"success".equals(json.getString("status"))) {
            throw new AssertionError(
                    "query " + promql + " answered " + response.statusCode() + ": " + response.asString());
        }
        return json.getList("data.result");
    }

    /** The active alerts ({@code /api/v1/alerts}): {@code labels}, {@code state} (pending, firing), {@code activeAt}. */
    List<Map<String, Object>> alerts() {
        return api("alerts").getList("alerts");
    }

    /** The active scrape targets ({@code /api/v1/targets?state=active}): {@code labels}, {@code health}, …. */
    List<Map<String, Object>> targets() {
        return api("targets?state=active").getList("activeTargets");
    }

    /** Every rule of every group ({@code /api/v1/rules}): {@code name}, {@code health}, {@code duration}, …. */
    List<Map<String, Object>> rules() {
        return api("rules").getList("groups.rules.flatten()");
    }

    /**
     * Reloads the configuration and rule files ({@code POST /-/reload}).
     *
     * @throws AssertionError when Prometheus refuses them
     */
    void reload() {
        Response response = RestAssured.post(baseUrl + "/-/reload");
        if (response.statusCode() != 200) {
            throw new AssertionError("Prometheus refused the reload: " + response.statusCode() + " "
                    + response.asString() + "\n" + logTail());
        }
    }

    /** The last 40 lines of Prometheus' log. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops Prometheus (SIGTERM, then SIGKILL after 15 s) and deletes its TSDB. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(storage)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + storage + ": " + e.getMessage());
        }
    }
}
