package io.echodb.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service really serves, read from its own module: the HTTP port and the health and metrics paths
 * (from {@code src/main/resources/application.properties}, Quarkus defaults where a key is absent) and the
 * extensions its {@code pom.xml} declares.
 */
final class ServiceSettings {

    /** {@code ${ENV_VAR:default}}: the production value when the variable is unset is its default. */
    private static final Pattern EXPRESSION = Pattern.compile("^\\$\\{[^:}]+:([^}]*)}$");

    private final String service;
    private final Properties properties;
    private final String pom;

    private ServiceSettings(String service, Properties properties, String pom) {
        this.service = service;
        this.properties = properties;
        this.pom = pom;
    }

    static ServiceSettings of(String service) {
        Path module = Repository.path(service);
        Properties properties = new Properties();
        Path file = module.resolve("src/main/resources/application.properties");
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return new ServiceSettings(service, properties, Repository.read(module.resolve("pom.xml")));
    }

    String service() {
        return service;
    }

    /** {@code quarkus.http.port} in production (unprefixed key; Quarkus' default 8080). */
    int httpPort() {
        return Integer.parseInt(value("quarkus.http.port", "8080"));
    }

    /** e.g. {@code /q/health/live} for {@code live}; honours the root, non-application and health root paths. */
    String healthPath(String check) {
        return nonApplicationPath(value("quarkus.smallrye-health.root-path", "health")) + "/" + check;
    }

    /** e.g. {@code /q/metrics}. */
    String metricsPath() {
        return nonApplicationPath(value("quarkus.micrometer.export.prometheus.path", "metrics"));
    }

    /** Whether the pom declares {@code io.quarkus:<artifactId>}. */
    boolean declaresExtension(String artifactId) {
        return pom.contains("<artifactId>" + artifactId + "</artifactId>");
    }

    private String nonApplicationPath(String path) {
        if (path.startsWith("/")) {
            return path;
        }
        String root = trimSlashes(value("quarkus.http.root-path", "/"));
        String nonApplication = value("quarkus.http.non-application-root-path", "q");
        String base =
                nonApplication.startsWith("/") ? trimSlashes(nonApplication) : join(root, trimSlashes(nonApplication));
        return "/" + join(base, trimSlashes(path));
    }

    private String value(String key, String quarkusDefault) {
        String raw = properties.getProperty(key);
        if (raw == null) {
            return quarkusDefault;
        }
        Matcher expression = EXPRESSION.matcher(raw.trim());
        return expression.matches() ? expression.group(1) : raw.trim();
    }

    private static String trimSlashes(String path) {
        return path.replaceAll("^/+|/+$", "");
    }

    private static String join(String first, String second) {
        return first.isEmpty() ? second : second.isEmpty() ? first : first + "/" + second;
    }
}
