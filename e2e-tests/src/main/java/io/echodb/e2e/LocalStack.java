package io.echodb.e2e;

import io.echodb.testing.PostgresVersion;
import io.echodb.testing.TestPostgres;
import io.echodb.testing.peerdb.PeerDbEmulator;
import io.echodb.testing.slack.SlackEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The whole EchoDB system on one machine, with no Docker: a real PostgreSQL (13 to 18, default 18) with logical WAL
 * (embedded; data in a temp directory removed on {@link #close()}), the PeerDB emulator, the Slack
 * emulator, and listener-service, mirror-service and alert-service as real processes from their
 * packaged jars, wired to each other through dynamic ports.
 *
 * <p>Used by {@code ./run-local} ({@link #main(String[])}) and by the end-to-end tests. The services get
 * the wiring as Quarkus environment variables; anything set in this process's environment wins, so a
 * user can override any setting.
 */
public final class LocalStack implements AutoCloseable {

    /** The PeerDB source peer name the local stack uses (the replaced worker's default). */
    public static final String SOURCE_PEER = "postgres_main";
    /** The PeerDB destination peer name the local stack uses (the replaced worker's default). */
    public static final String DESTINATION_PEER = "clickhouse_analytics";
    /** The database the services watch. */
    public static final String DATABASE = "postgres";

    private final TestPostgres postgres;
    private final PeerDbEmulator peerDb;
    private final SlackEmulator slack;
    private final List<ServiceProcess> services;
    private final Path logDirectory;
    private final Path projectRoot;
    private final Map<String, String> settings;

    private LocalStack(
            TestPostgres postgres,
            PeerDbEmulator peerDb,
            SlackEmulator slack,
            List<ServiceProcess> services,
            Path logDirectory,
            Path projectRoot,
            Map<String, String> settings) {
        this.postgres = postgres;
        this.peerDb = peerDb;
        this.slack = slack;
        this.services = services;
        this.logDirectory = logDirectory;
        this.projectRoot = projectRoot;
        this.settings = settings;
    }

    /**
     * Starts everything and waits until every service reports ready.
     *
     * @param projectRoot the EchoDB checkout whose modules are packaged
     * @param postgresPort a fixed PostgreSQL port, or {@code null} for a free one
     * @param extraSettings environment variables for every service (e.g. a short poll interval in tests);
     *        this process's environment still wins
     * @throws IllegalStateException when a part cannot start; everything started so far is stopped
     */
    public static LocalStack start(Path projectRoot, Integer postgresPort, Map<String, String> extraSettings) {
        return start(projectRoot, postgresPort, extraSettings, Map.of());
    }

    /**
     * As {@link #start(Path, Integer, Map)}, with extra {@code postgresql.conf} settings for the PostgreSQL server
     * (e.g. {@code shared_preload_libraries=pg_stat_statements}, as the benchmarks use).
     */
    public static LocalStack start(
            Path projectRoot,
            Integer postgresPort,
            Map<String, String> extraSettings,
            Map<String, String> postgresConfig) {
        return start(projectRoot, postgresPort, extraSettings, postgresConfig, PostgresVersion.configured());
    }

    /** As {@link #start(Path, Integer, Map, Map)}, with PostgreSQL of {@code postgresVersion}. */
    public static LocalStack start(
            Path projectRoot,
            Integer postgresPort,
            Map<String, String> extraSettings,
            Map<String, String> postgresConfig,
            PostgresVersion postgresVersion) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            Path logDirectory = Files.createTempDirectory("echodb-local-");
            TestPostgres postgres = TestPostgres.start(postgresPort, postgresConfig, postgresVersion);
            started.add(postgres);
            PeerDbEmulator peerDb = PeerDbEmulator.builder()
                    .peer(PeerDbEmulator.Peer.postgres(
                            SOURCE_PEER, postgres.jdbcUrl(DATABASE), TestPostgres.SUPERUSER, ""))
                    .peer(PeerDbEmulator.Peer.clickhouse(DESTINATION_PEER))
                    .build()
                    .start();
            started.add(peerDb);
            SlackEmulator slack = new SlackEmulator().start();
            started.add(slack);

            int listenerPort = freePort();
            int mirrorPort = freePort();
            int alertPort = freePort();
            Map<String, String> settings = new HashMap<>(extraSettings);
            settings.put("QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl(DATABASE));
            settings.put("QUARKUS_DATASOURCE_USERNAME", TestPostgres.SUPERUSER);
            settings.put("SOURCE_PEER_NAME", SOURCE_PEER);
            settings.put("TARGET_PEER_NAME", DESTINATION_PEER);
            settings.put("ECHODB_LISTENER_INSTALL_TRIGGER", "true");
            settings.put("QUARKUS_REST_CLIENT_MIRROR_SERVICE_URL", "http://127.0.0.1:" + mirrorPort);
            settings.put("QUARKUS_REST_CLIENT_PEERDB_URL", peerDb.baseUrl());
            settings.put("ECHODB_ALERT_SLACK_WEBHOOK_URL", slack.webhookUrl());

            List<ServiceProcess> services = new ArrayList<>();
            services.add(startService(projectRoot, "mirror-service", mirrorPort, settings, logDirectory, started));
            services.add(startService(projectRoot, "listener-service", listenerPort, settings, logDirectory, started));
            services.add(startService(projectRoot, "alert-service", alertPort, settings, logDirectory, started));
            for (ServiceProcess service : services) {
                service.awaitReady(Duration.ofSeconds(90));
            }
            return new LocalStack(postgres, peerDb, slack, services, logDirectory, projectRoot, Map.copyOf(settings));
        } catch (IOException e) {
            closeAll(started);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    private static ServiceProcess startService(
            Path projectRoot,
            String module,
            int port,
            Map<String, String> settings,
            Path logDirectory,
            List<AutoCloseable> started) {
        ServiceProcess process =
                ServiceProcess.start(projectRoot, module, port, settings, logDirectory.resolve(module + ".log"));
        started.add(process);
        return process;
    }

    /** A TCP port that is free on this machine right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** The endpoints, in the order {@code ./run-local} prints them ({@code name → url}). */
    public Map<String, String> endpoints() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put(
                "postgres",
                "postgresql://" + TestPostgres.SUPERUSER + "@127.0.0.1:" + postgres.port() + "/" + DATABASE);
        endpoints.put("peerdb", peerDb.baseUrl());
        endpoints.put("slack", slack.baseUrl());
        for (ServiceProcess service : services) {
            endpoints.put(service.name(), service.baseUrl());
        }
        return endpoints;
    }

    /** The real PostgreSQL server; the watched database is {@link #DATABASE}. */
    public TestPostgres postgres() {
        return postgres;
    }

    /** The PeerDB emulator the services talk to. */
    public PeerDbEmulator peerDb() {
        return peerDb;
    }

    /** The Slack emulator alert-service posts to. */
    public SlackEmulator slack() {
        return slack;
    }

    /** The service process of {@code module}, e.g. {@code listener-service}. */
    public synchronized ServiceProcess service(String module) {
        return services.stream()
                .filter(s -> s.name().equals(module))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + module));
    }

    /**
     * Starts {@code module} again on the same port with the same settings, after it was stopped or killed,
     * and waits until it is ready. Its log is appended to a new file ({@code <module>-<n>.log}).
     *
     * @throws IllegalStateException when it is still running or does not become ready within 90 s
     */
    public synchronized ServiceProcess restartService(String module) {
        return restartService(module, Map.of());
    }

    /**
     * As {@link #restartService(String)}, with {@code overrides} replacing or adding environment variables for this
     * start only (this process's environment still wins), e.g. another poll interval.
     */
    public synchronized ServiceProcess restartService(String module, Map<String, String> overrides) {
        ServiceProcess old = service(module);
        if (old.isAlive()) {
            throw new IllegalStateException(module + " is still running (pid " + old.pid() + ")");
        }
        int port = Integer.parseInt(old.baseUrl().substring(old.baseUrl().lastIndexOf(':') + 1));
        Path log = logDirectory.resolve(module + "-" + System.currentTimeMillis() + ".log");
        Map<String, String> environment = new HashMap<>(settings);
        environment.putAll(overrides);
        ServiceProcess started = ServiceProcess.start(projectRoot, module, port, environment, log);
        services.set(services.indexOf(old), started);
        started.awaitReady(Duration.ofSeconds(90));
        return started;
    }

    /**
     * The environment variables the services were started with (the wiring to PostgreSQL, the emulators and each
     * other, plus the extra settings; without {@code QUARKUS_HTTP_PORT}), e.g. to start another instance of a
     * service with {@link ServiceProcess#start}.
     */
    public Map<String, String> serviceSettings() {
        return settings;
    }

    /** Where the services' logs are written. */
    public Path logDirectory() {
        return logDirectory;
    }

    /** Stops the services (gracefully, then by force), the emulators and PostgreSQL (deleting its data). */
    @Override
    public void close() {
        // closeAll stops the last part first: list them in start order so that PostgreSQL stops last.
        List<AutoCloseable> parts = new ArrayList<>();
        parts.add(postgres);
        parts.add(peerDb);
        parts.add(slack);
        parts.addAll(services);
        closeAll(parts);
    }

    private static void closeAll(List<? extends AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e.getMessage());
            }
        }
    }

    /**
     * {@code ./run-local}: starts the stack, prints {@code name: url} per endpoint and {@code ready}, and
     * runs until interrupted (Ctrl-C), then stops everything.
     *
     * <p>Arguments: {@code --project-root DIR}. Environment: {@code ECHODB_LOCAL_PG_PORT},
     * {@code ECHODB_LOCAL_PG_VERSION} (13 to 18; default the tests' version, 18).
     */
    public static void main(String[] args) throws InterruptedException {
        Path projectRoot = Path.of(".");
        for (int i = 0; i < args.length; i++) {
            if ("--project-root".equals(args[i]) && i + 1 < args.length) {
                projectRoot = Path.of(args[++i]);
            } else {
                System.err.println("usage: run-local   (unknown argument " + args[i] + ")");
                System.exit(2);
            }
        }
        String pgPort = System.getenv("ECHODB_LOCAL_PG_PORT");
        String pgVersion = System.getenv("ECHODB_LOCAL_PG_VERSION");
        LocalStack stack;
        try {
            PostgresVersion version = pgVersion == null || pgVersion.isBlank()
                    ? PostgresVersion.configured()
                    : PostgresVersion.parse("ECHODB_LOCAL_PG_VERSION", pgVersion);
            stack = start(
                    projectRoot.toAbsolutePath().normalize(),
                    pgPort == null || pgPort.isBlank() ? null : Integer.valueOf(pgPort.trim()),
                    Map.of(),
                    Map.of(),
                    version);
        } catch (RuntimeException e) {
            System.err.println("run-local: could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("stopping ...");
                            stack.close();
                            stopped.countDown();
                        },
                        "run-local-stop"));
        stack.endpoints().forEach((name, url) -> System.out.println(name + ": " + url));
        System.out.println("postgres-version: " + stack.postgres().version().major());
        System.out.println("logs: " + stack.logDirectory());
        System.out.println("ready");
        System.out.flush();
        stopped.await();
    }
}
