package io.echodb.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import io.echodb.deploy.ComposeFile.Service;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code deploy/compose/docker-compose.yml}: docker compose cannot run here, so the file's dependency graph,
 * health checks and the addresses the services are configured with are checked instead.
 */
class ComposeStackTest {

    /** The PeerDB services of PeerDB's own compose file (peerdb-api.md §10) plus the stack's own parts. */
    private static final List<String> STACK = List.of(
            "source-postgres",
            "clickhouse",
            "catalog",
            "temporal",
            "temporal-admin-tools",
            "minio",
            "flow-api",
            "flow-snapshot-worker",
            "flow-worker",
            "peerdb",
            "peerdb-ui",
            "peerdb-peers",
            "listener-service",
            "mirror-service",
            "alert-service");

    /** URLs whose host is a machine on the compose network (s3:// URLs name a bucket, not a host). */
    private static final Pattern NETWORK_URL = Pattern.compile("^(?:https?|grpc)://([^/:]+)(?::(\\d+))?");

    /** Hosts that are not compose services: the container itself, or the user's browser side. */
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1");

    private final ComposeFile compose = ComposeFile.load();

    @Test
    void theStackHasPeerDbClickHouseASourceDatabaseAndTheThreeServices() {
        assertThat(compose.services()).containsKeys(STACK.toArray(String[]::new));
    }

    @Test
    void everyDependencyWaitsForAHealthCheckOrASuccessfulOneShot() {
        assertSoftly(soft -> compose.services()
                .forEach((name, service) -> service.dependencies().forEach((target, dependency) -> {
                    soft.assertThat(compose.services())
                            .as("%s depends on a service that exists", name)
                            .containsKey(target);
                    soft.assertThat(dependency.condition())
                            .as("condition of %s → %s", name, target)
                            .isIn(ComposeFile.GATED_CONDITIONS);
                    Service dependee = compose.services().get(target);
                    if (dependee != null && "service_healthy".equals(dependency.condition())) {
                        soft.assertThat(hasHealthCheck(dependee))
                                .as("%s waits for %s to be healthy: %s needs a " + "health check", name, target, target)
                                .isTrue();
                    }
                    if (dependee != null && "service_completed_successfully".equals(dependency.condition())) {
                        soft.assertThat(Optional.ofNullable(dependee.restart()).orElse("no"))
                                .as("%s waits for one-shot %s to finish: it must not be restarted", name, target)
                                .isIn("no", "on-failure");
                    }
                })));
    }

    @Test
    void theDependencyGraphHasNoCycles() {
        Map<String, Integer> waitingOn = new HashMap<>();
        compose.services()
                .forEach((name, service) ->
                        waitingOn.put(name, service.dependencies().size()));
        ArrayDeque<String> startable = new ArrayDeque<>();
        waitingOn.forEach((name, count) -> {
            if (count == 0) {
                startable.add(name);
            }
        });
        Set<String> started = new LinkedHashSet<>();
        while (!startable.isEmpty()) {
            String next = startable.poll();
            started.add(next);
            compose.services().forEach((name, service) -> {
                if (service.dependencies().containsKey(next) && waitingOn.merge(name, -1, Integer::sum) == 0) {
                    startable.add(name);
                }
            });
        }
        assertThat(started)
                .as("services that can start (the rest wait on a cycle)")
                .containsExactlyInAnyOrderElementsOf(compose.services().keySet());
    }

    @Test
    void everyAddressInTheConfigurationNamesAServiceOfTheStack() {
        assertSoftly(soft -> compose.services()
                .forEach((name, service) -> service.env()
                        .forEach((key, value) -> hostIn(key, value)
                                .filter(host -> !LOCAL_HOSTS.contains(host))
                                .ifPresent(host -> soft.assertThat(compose.services())
                                        .as("%s %s=%s names a service", name, key, value)
                                        .containsKey(host)))));
    }

    @ParameterizedTest
    @FieldSource("io.echodb.deploy.Repository#SERVICES")
    void echoDbServicesWaitForEveryServiceTheirConfigurationNames(String name) {
        Service service = compose.service(name);
        Set<String> waitsFor = dependencyClosure(name);

        service.env()
                .forEach((key, value) -> hostIn(key, value)
                        .filter(compose.services()::containsKey)
                        .ifPresent(host -> assertThat(waitsFor)
                                .as("%s=%s: %s starts after %s", key, value, name, host)
                                .contains(host)));
        assertThat(service.healthcheck()).as("health check of %s", name).isNotNull();
    }

    @Test
    void echoDbServicesFindEachOtherPeerDbAndTheSourceDatabase() {
        Service listener = compose.service("listener-service");
        Service mirror = compose.service("mirror-service");
        Service alert = compose.service("alert-service");
        URI mirrorUrl = URI.create(listener.env().get("QUARKUS_REST_CLIENT_MIRROR_SERVICE_URL"));

        assertThat(mirrorUrl.getHost()).as("Java rejects '_' in host names").isEqualTo("mirror-service");
        assertThat(mirrorUrl.getPort()).isEqualTo(Integer.parseInt(mirror.env().get("QUARKUS_HTTP_PORT")));
        assertThat(mirror.env()).containsEntry("PEERDB_HOST", "flow-api").containsEntry("PEERDB_API_PORT", "8113");
        assertThat(listener.env()).containsEntry("POSTGRES_HOST", "source-postgres");
        assertThat(alert.env())
                .containsEntry("POSTGRES_HOST", "source-postgres")
                .containsEntry("PEERDB_HOST", "flow-api")
                .containsEntry("PEERDB_API_PORT", "8113")
                .containsEntry(
                        "QUARKUS_REST_CLIENT_MIRROR_SERVICE_URL",
                        listener.env().get("QUARKUS_REST_CLIENT_MIRROR_SERVICE_URL"));
        assertThat(compose.service("flow-api").healthcheck().test()).anyMatch(part -> part.contains(":8113/"));
    }

    @ParameterizedTest
    @FieldSource("io.echodb.deploy.Repository#SERVICES")
    void echoDbServicesListenWhereTheirConfigurationAndDockerfileSay(String name) {
        int port = ServiceSettings.of(name).httpPort();

        assertThat(compose.service(name).env()).containsEntry("QUARKUS_HTTP_PORT", String.valueOf(port));
        assertThat(Repository.read(Dockerfiles.path(name, "jvm"))).contains("EXPOSE " + port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jvm", "native-micro"})
    void quarkusModeSelectsAnExistingDockerfileForEveryService(String mode) {
        ComposeFile withMode = ComposeFile.load(Map.of("QUARKUS_MODE", mode));
        for (String name : Repository.SERVICES) {
            ComposeFile.Build build = withMode.service(name).build();
            Path context = ComposeFile.FILE.getParent().resolve(build.context()).normalize();

            assertThat(context).isEqualTo(Repository.root());
            assertThat(context.resolve(build.dockerfile()))
                    .isEqualTo(Dockerfiles.path(name, mode))
                    .exists();
            assertThat(build.args()).containsEntry("ECHODB_VERSION", Repository.version());
            assertThat(withMode.service(name).image())
                    .isEqualTo("echodb/" + name + ":" + Repository.version() + "-" + mode);
        }
    }

    @Test
    void theSourceDatabaseHasLogicalWalAndAcceptsReplicationConnections() throws java.io.IOException {
        String file = Repository.read(ComposeFile.FILE);
        assertThat(file).contains("\"wal_level=logical\"");
        assertThat(compose.service("source-postgres").mounts())
                .anyMatch(mount -> mount.endsWith(":/docker-entrypoint-initdb.d:ro"));
        try (var scripts = Files.list(ComposeFile.FILE.getParent().resolve("source-postgres/initdb.d"))) {
            assertThat(scripts.map(Repository::read)).anyMatch(script -> script.contains("host replication"));
        }
    }

    @Test
    void peerDbWorkflowsWaitForTheMirrorNameSearchAttribute() {
        Service adminTools = compose.service("temporal-admin-tools");

        assertThat(String.join(" ", adminTools.healthcheck().test())).contains("MirrorName");
        assertThat(Repository.read(mountedFile("temporal-admin-tools", "mirror-name-search.sh")))
                .contains("search-attribute create --name MirrorName --type Text");
        for (String flow : List.of("flow-api", "flow-worker", "flow-snapshot-worker")) {
            assertThat(compose.service(flow).dependencies())
                    .as(flow)
                    .containsKey("temporal-admin-tools")
                    .containsKey("peerdb");
        }
    }

    @Test
    void thePeersEchoDbNamesAreCreatedBeforeMirrorServiceStarts() {
        Map<String, String> peers = compose.service("peerdb-peers").env();

        assertThat(Repository.read(mountedFile("peerdb-peers", "create-peers.sh")))
                .contains("/v1/peers/create", "\"type\": \"POSTGRES\"", "\"type\": \"CLICKHOUSE\"", "s3Path");
        assertThat(peers.get("SOURCE_PEER_NAME"))
                .isEqualTo(compose.service("listener-service").env().get("SOURCE_PEER_NAME"))
                .isEqualTo(compose.service("alert-service").env().get("SOURCE_PEER_NAME"));
        assertThat(peers.get("TARGET_PEER_NAME"))
                .isEqualTo(compose.service("mirror-service").env().get("TARGET_PEER_NAME"));
        assertThat(peers.get("SOURCE_PG_PASSWORD"))
                .isEqualTo(compose.service("source-postgres").env().get("POSTGRES_PASSWORD"));
        assertThat(peers.get("CLICKHOUSE_PASSWORD"))
                .isEqualTo(compose.service("clickhouse").env().get("CLICKHOUSE_PASSWORD"));
        assertThat(peers.get("STAGING_SECRET_ACCESS_KEY"))
                .isEqualTo(compose.service("minio").env().get("MINIO_ROOT_PASSWORD"));
        assertThat(compose.service("mirror-service")
                        .dependencies()
                        .get("peerdb-peers")
                        .condition())
                .isEqualTo("service_completed_successfully");
    }

    @Test
    void everyMountedFileExists() {
        compose.services()
                .forEach((name, service) -> service.mounts().stream()
                        .filter(mount -> mount.startsWith("./"))
                        .forEach(
                                mount -> assertThat(ComposeFile.FILE.getParent().resolve(mount.split(":")[0]))
                                        .as("mounted into %s", name)
                                        .exists()));
    }

    @Test
    void everyCredentialIsAnObviouslyFakeValue() {
        Pattern secretName = Pattern.compile("PASSWORD|SECRET|API_KEY|WEBHOOK_URL");
        assertSoftly(soft -> compose.services()
                .forEach((name, service) -> service.env().forEach((key, value) -> {
                    if (secretName.matcher(key).find()) {
                        soft.assertThat(value)
                                .as("%s %s is empty or marked fake", name, key)
                                .satisfiesAnyOf(
                                        v -> assertThat(v).isEmpty(),
                                        v -> assertThat(v).containsIgnoringCase("fake"));
                    }
                })));
    }

    /** The host an environment value names, if it names one. */
    private static Optional<String> hostIn(String key, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        Matcher url = NETWORK_URL.matcher(value);
        if (url.find()) {
            return Optional.of(url.group(1));
        }
        if (key.endsWith("_HOST") || key.endsWith("_SEEDS")) {
            return Optional.of(value);
        }
        if (key.endsWith("_HOST_PORT") || key.endsWith("_ADDRESS")) {
            return Optional.of(value.split(":")[0]);
        }
        return Optional.empty();
    }

    private Set<String> dependencyClosure(String name) {
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> pending =
                new ArrayDeque<>(compose.service(name).dependencies().keySet());
        while (!pending.isEmpty()) {
            String next = pending.poll();
            if (seen.add(next)) {
                pending.addAll(compose.service(next).dependencies().keySet());
            }
        }
        return seen;
    }

    private Path mountedFile(String service, String fileName) {
        return compose.service(service).mounts().stream()
                .map(mount -> mount.split(":")[0])
                .map(source -> ComposeFile.FILE.getParent().resolve(source).normalize())
                .map(source -> Files.isDirectory(source) ? source.resolve(fileName) : source)
                .filter(path -> path.getFileName().toString().equals(fileName))
                .findFirst()
                .orElseThrow(() -> new AssertionError(service + " mounts no " + fileName));
    }

    private static boolean hasHealthCheck(Service service) {
        return service.healthcheck() != null
                && !Boolean.TRUE.equals(service.healthcheck().disable())
                && service.healthcheck().test() != null
                && !service.healthcheck().test().isEmpty()
                && !service.healthcheck().test().getFirst().equals("NONE");
    }
}
