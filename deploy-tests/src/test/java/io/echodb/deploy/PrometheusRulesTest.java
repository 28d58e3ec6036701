package io.echodb.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PrometheusRule ({@code deploy/k8s/prometheus-rule.yaml}) run through {@code promtool} (Debian's
 * {@code prometheus} package): {@code promtool check rules} on its groups, {@code promtool test rules} with the
 * unit tests of {@code deploy/prometheus/tests/}, every rule tested firing, quiet and resolving, and every
 * {@code runbook_url} pointing at a section of {@code docs/runbook.md}.
 */
class PrometheusRulesTest {

    static final Path TESTS = Repository.path("deploy", "prometheus", "tests");
    static final Path RUNBOOK = Repository.path("docs", "runbook.md");
    static final String RUNBOOK_URL = "https://github.com/echodb/echodb/blob/main/docs/runbook.md#";

    /** The name the unit tests' {@code rule_files} give the extracted groups. */
    static final String RULE_FILE = "echodb-rules.yaml";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$");
    private static final Pattern RULE_NAME = Pattern.compile("static\\s+final\\s+String\\s+NAME\\s*=\\s*\"([a-z-]+)\"");

    @Test
    void theRuleGroupsPassPromtoolCheckRules(@TempDir Path directory) {
        Path rules = directory.resolve(RULE_FILE);
        write(rules, spec());

        assertPromtoolSucceeds(directory, List.of("check", "rules", rules.toString()));
    }

    /**
     * The unit tests compare every annotation of an alert exactly; {@code description} (long prose, its templates
     * checked by {@code promtool check rules}) is left out so that they state labels, summary and runbook link.
     */
    @Test
    void theUnitTestsPassPromtoolTestRules(@TempDir Path directory) throws IOException {
        ObjectNode spec = spec();
        spec.path("groups")
                .forEach(group -> group.path("rules")
                        .forEach(rule -> ((ObjectNode) rule.path("annotations")).remove("description")));
        write(directory.resolve(RULE_FILE), spec);
        List<String> command = new ArrayList<>(List.of("test", "rules"));
        for (Path test : testFiles()) {
            Files.copy(test, directory.resolve(test.getFileName()));
            command.add(test.getFileName().toString());
        }

        assertPromtoolSucceeds(directory, command);
    }

    @Test
    void everyRuleIsTestedFiringStayingQuietAndResolving() {
        List<JsonNode> cases = new ArrayList<>();
        for (Path test : testFiles()) {
            JsonNode file = read(test);
            assertThat(file.path("rule_files").toString())
                    .as("rule_files of %s (the extracted groups)", test.getFileName())
                    .isEqualTo("[\"" + RULE_FILE + "\"]");
            file.path("tests").forEach(cases::add);
        }
        assertSoftly(soft -> alertNames().forEach(alert -> {
            List<Eval> evals = cases.stream()
                    .flatMap(testCase -> Eval.of(testCase, alert).stream())
                    .toList();
            soft.assertThat(evals)
                    .as("%s fires in a test of deploy/prometheus/tests", alert)
                    .anyMatch(Eval::fires);
            soft.assertThat(evals)
                    .as("%s stays quiet (no alert before it fires or ever) in a test", alert)
                    .anyMatch(eval -> !eval.fires() && !eval.afterFiring());
            soft.assertThat(evals)
                    .as("%s resolves (no alert after it fired) in a test", alert)
                    .anyMatch(eval -> !eval.fires() && eval.afterFiring());
        }));
    }

    /** A unit test of a series nothing exports would prove nothing about the real alerts. */
    @Test
    void theUnitTestsFeedOnlyExportedSeries() {
        Set<String> exported = MetricQueriesTest.exportedSeries();
        Set<String> fed = new TreeSet<>();
        for (Path test : testFiles()) {
            read(test)
                    .path("tests")
                    .forEach(testCase -> testCase.path("input_series")
                            .forEach(series -> fed.add(series.path("series")
                                    .asText()
                                    .replaceAll("\\{.*", "")
                                    .trim())));
        }

        assertThat(fed).isNotEmpty().isSubsetOf(exported);
    }

    @Test
    void everyRuleLinksToASectionOfTheRunbook() {
        Set<String> anchors = anchors(Repository.read(RUNBOOK));
        Set<String> alertServiceRules = alertServiceRuleNames();
        assertThat(alertServiceRules).as("alert-service's rule names").isNotEmpty();

        assertSoftly(soft -> PrometheusRules.of(
                        KubernetesBase.load().custom("PrometheusRule").getFirst())
                .forEach(rule -> {
                    Object annotations = rule.get("annotations");
                    String url = annotations instanceof Map<?, ?> map ? (String) map.get("runbook_url") : null;
                    soft.assertThat(url)
                            .as("runbook_url of %s", rule.get("alert"))
                            .startsWith(RUNBOOK_URL);
                    if (url == null || !url.startsWith(RUNBOOK_URL)) {
                        return;
                    }
                    String fragment = url.substring(RUNBOOK_URL.length());
                    // A link templated on alert-service's rule label must work for every rule it has.
                    Set<String> resolved = fragment.equals("{{ $labels.rule }}") ? alertServiceRules : Set.of(fragment);
                    soft.assertThat(anchors)
                            .as("sections of docs/runbook.md linked by %s", rule.get("alert"))
                            .containsAll(resolved);
                }));
    }

    @Test
    void theAnchorsAreGitHubs() {
        assertThat(anchors("# Runbook: EchoDB\n## EchoDBServiceDown\n## alert-service readiness (`/q/health/ready`)\n"))
                .containsExactlyInAnyOrder(
                        "runbook-echodb", "echodbservicedown", "alert-service-readiness-qhealthready");
    }

    /** One {@code alert_rule_test} entry of a test case for {@code alertname}, in the order of its eval times. */
    record Eval(boolean fires, boolean afterFiring) {

        static List<Eval> of(JsonNode testCase, String alert) {
            List<JsonNode> evals = new ArrayList<>();
            testCase.path("alert_rule_test").forEach(eval -> {
                if (eval.path("alertname").asText().equals(alert)) {
                    evals.add(eval);
                }
            });
            evals.sort((a, b) -> Long.compare(
                    seconds(a.path("eval_time").asText()),
                    seconds(b.path("eval_time").asText())));
            List<Eval> result = new ArrayList<>();
            boolean fired = false;
            for (JsonNode eval : evals) {
                boolean fires = !eval.path("exp_alerts").isEmpty();
                result.add(new Eval(fires, fired));
                fired |= fires;
            }
            return result;
        }

        private static long seconds(String duration) {
            Matcher parts = Pattern.compile("(\\d+)([smhd])").matcher(duration);
            long seconds = 0;
            while (parts.find()) {
                long value = Long.parseLong(parts.group(1));
                seconds += switch (parts.group(2)) {
                    case "s" -> value;
                    case "m" -> value * 60;
                    case "h" -> value * 3600;
                    default -> value * 86400;
                };
            }
            return seconds;
        }
    }

    /** GitHub's heading anchors: lower case, punctuation but {@code -} and {@code _} dropped, spaces to {@code -}. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        boolean inCode = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            }
            Matcher heading = HEADING.matcher(line);
            if (!inCode && heading.matches()) {
                anchors.add(heading.group(1)
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "")
                        .replace(' ', '-'));
            }
        }
        return anchors;
    }

    private static Set<String> alertServiceRuleNames() {
        Path sources = Repository.path("alert-service", "src", "main", "java");
        try (Stream<Path> files = Files.walk(sources)) {
            Set<String> names = new TreeSet<>();
            files.filter(file -> file.getFileName().toString().endsWith("Rule.java"))
                    .map(Repository::read)
                    .forEach(source -> RULE_NAME.matcher(source).results().forEach(m -> names.add(m.group(1))));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + sources, e);
        }
    }

    private static List<String> alertNames() {
        return PrometheusRules.of(KubernetesBase.load().custom("PrometheusRule").getFirst()).stream()
                .map(rule -> (String) rule.get("alert"))
                .toList();
    }

    /** The PrometheusRule's {@code spec}: a plain Prometheus rule file ({@code groups:}). */
    private static ObjectNode spec() {
        Object spec = KubernetesBase.load().custom("PrometheusRule").getFirst().get("spec");
        return new ObjectMapper().valueToTree(spec);
    }

    private static List<Path> testFiles() {
        try (Stream<Path> files = Files.list(TESTS)) {
            List<Path> tests = files.filter(file -> file.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
            assertThat(tests).as("promtool unit tests in %s", TESTS).isNotEmpty();
            return tests;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + TESTS, e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void write(Path file, JsonNode content) {
        try {
            YAML.writeValue(file.toFile(), content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void assertPromtoolSucceeds(Path directory, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(promtool().toString());
        command.addAll(arguments);
        try {
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail("%s did not end within 2 minutes; output:%n%s", String.join(" ", command), output);
            }
            assertThat(process.exitValue())
                    .as("exit code of %s (in %s); its output:%n%s", String.join(" ", command), directory, output)
                    .isZero();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** {@code promtool} on the {@code PATH}; missing, the test fails (it must run in CI, not be skipped). */
    static Path promtool() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, "promtool"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseGet(() -> fail("promtool not found: install Debian's prometheus package "
                        + "(apt-get install -y prometheus, which brings promtool 2.42); PATH=" + path));
    }
}
