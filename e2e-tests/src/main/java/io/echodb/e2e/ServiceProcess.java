package io.echodb.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One EchoDB service run as a real operating-system process from its packaged
 * {@code target/quarkus-app/quarkus-run.jar}, the way it runs in production (JVM mode).
 *
 * <p>The process inherits this process's environment, then gets {@code settings} (Quarkus
 * environment-variable names such as {@code QUARKUS_HTTP_PORT}) for the keys the caller's environment
 * does not already set, so a user can override any setting. Its output goes to {@code logFile}.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path logFile;
    private final Process process;

    private ServiceProcess(String name, int port, Path logFile, Process process) {
        this.name = name;
        this.port = port;
        this.logFile = logFile;
        this.process = process;
    }

    /**
     * Starts {@code module}'s packaged application.
     *
     * @param projectRoot the EchoDB checkout (holding {@code <module>/target/quarkus-app})
     * @param module module directory name, e.g. {@code listener-service}
     * @param port HTTP port the service listens on (set as {@code QUARKUS_HTTP_PORT})
     * @param settings environment variables for the service; the caller's environment wins
     * @param logFile where stdout and stderr go
     * @throws IllegalStateException when the module has not been packaged ({@code ./mvnw package})
     */
    public static ServiceProcess start(
            Path projectRoot, String module, int port, Map<String, String> settings, Path logFile) {
        Path jar = projectRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    module + " is not packaged: " + jar + " is missing (run ./mvnw package -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx256m");
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(projectRoot.resolve(module).toFile())
                .redirectErrorStream(true);
        try {
            Files.createDirectories(logFile.getParent());
            builder.redirectOutput(logFile.toFile());
            Map<String, String> environment = builder.environment();
            settings.forEach(environment::putIfAbsent);
            environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            return new ServiceProcess(module, port, logFile, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + module + ": " + e.getMessage(), e);
        }
    }

    /** Base URL of the service, e.g. {@code http://127.0.0.1:8080}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Module name, e.g. {@code mirror-service}. */
    public String name() {
        return name;
    }

    /** The file holding the process's output. */
    public Path logFile() {
        return logFile;
    }

    /** Operating-system process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until {@code /q/health/ready} answers 200.
     *
     * @throws IllegalStateException when the process exits or {@code timeout} passes first; the
     *         message carries the tail of the log
     */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + ":\n" + logTail());
    }

    /**
     * Waits for the process to exit by itself.
     *
     * @return its exit code
     * @throws IllegalStateException when it still runs after {@code timeout} (with the tail of its log)
     */
    public int awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + name + " to exit", e);
        }
        throw new IllegalStateException(name + " still runs after " + timeout + ":\n" + logTail());
    }

    /** The last 40 lines of the service's log, for error messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills the process at once (SIGKILL), as a crash would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the process gracefully (SIGTERM), and kills it when it has not exited within 15 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }
}
