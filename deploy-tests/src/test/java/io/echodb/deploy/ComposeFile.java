package io.echodb.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code deploy/compose/docker-compose.yml}, bound to the parts of the Compose specification these checks read.
 *
 * <p>SnakeYAML loads the file (it resolves anchors and {@code <<} merge keys as Compose does), variables are
 * interpolated the way {@code docker compose} does with an empty environment ({@code ${VAR:-default}} becomes
 * the default, {@code ${VAR}} empty, {@code $$} a literal {@code $}), and Jackson binds the result.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ComposeFile(String name, Map<String, Service> services) {

    static final Path FILE = Repository.path("deploy", "compose", "docker-compose.yml");

    /** Conditions that wait for a health check or a one-shot container's success. */
    static final List<String> GATED_CONDITIONS = List.of("service_healthy", "service_completed_successfully");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Service(
            String image,
            Build build,
            Map<String, String> environment,
            @JsonProperty("depends_on") Map<String, Dependency> dependsOn,
            HealthCheck healthcheck,
            String restart,
            List<String> volumes) {

        Map<String, String> env() {
            return environment == null ? Map.of() : environment;
        }

        Map<String, Dependency> dependencies() {
            return dependsOn == null ? Map.of() : dependsOn;
        }

        List<String> mounts() {
            return volumes == null ? List.of() : volumes;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Build(String context, String dockerfile, Map<String, String> args) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Dependency(String condition) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record HealthCheck(List<String> test, Boolean disable) {}

    /** Loads the compose file with every variable at its default. */
    static ComposeFile load() {
        return load(Map.of());
    }

    /** Loads the compose file as {@code docker compose} would with exactly {@code variables} set. */
    static ComposeFile load(Map<String, String> variables) {
        Object tree;
        try (Reader reader = Files.newBufferedReader(FILE)) {
            tree = new Yaml(new LoaderOptions()).load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE, e);
        }
        return new ObjectMapper()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .convertValue(interpolate(tree, variables), ComposeFile.class);
    }

    Service service(String name) {
        Service service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name + " in " + FILE.getFileName());
        }
        return service;
    }

    private static Object interpolate(Object node, Map<String, String> variables) {
        if (node instanceof String text) {
            return interpolate(text, variables);
        }
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> result = new LinkedHashMap<>();
            map.forEach((key, value) -> result.put(key, interpolate(value, variables)));
            return result;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(item -> interpolate(item, variables)).toList();
        }
        return node;
    }

    private static String interpolate(String text, Map<String, String> variables) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$$")) {
                replacement = "$";
            } else {
                String value = variables.get(matcher.group(1));
                String fallback = matcher.group(2) == null ? "" : matcher.group(2);
                replacement = value == null || value.isEmpty() ? fallback : value;
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
