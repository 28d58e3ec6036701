package io.echodb.deploy;

import java.nio.file.Path;

/** Where a service's Dockerfiles live: {@code <service>/src/main/docker/Dockerfile.<mode>}. */
final class Dockerfiles {

    private Dockerfiles() {}

    /** {@code mode} is {@code jvm} or {@code native-micro}. */
    static Path path(String service, String mode) {
        return Repository.path(service, "src", "main", "docker", "Dockerfile." + mode);
    }
}
