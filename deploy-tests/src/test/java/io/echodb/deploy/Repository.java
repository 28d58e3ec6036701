package io.echodb.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The EchoDB repository these checks read: its root (system property {@code echodb.repository.root}, set by
 * the module's pom to the parent directory) and the project version ({@code echodb.version}).
 */
final class Repository {

    /** The three services, which are also their Maven module directories, Kubernetes and compose names. */
    static final List<String> SERVICES = List.of("listener-service", "mirror-service", "alert-service");

    private Repository() {}

    /** The repository root, absolute and normalized. */
    static Path root() {
        return Path.of(System.getProperty("echodb.repository.root", ".."))
                .toAbsolutePath()
                .normalize();
    }

    /** A path below the repository root, e.g. {@code path("deploy", "k8s")}. */
    static Path path(String first, String... more) {
        return root().resolve(Path.of(first, more));
    }

    /** The Maven project version, e.g. {@code 0.1.0-SNAPSHOT}. */
    static String version() {
        String version = System.getProperty("echodb.version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException("system property echodb.version is not set: run the tests through Maven");
        }
        return version;
    }

    /** The whole file as UTF-8 text. */
    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root().relativize(file), e);
        }
    }
}
