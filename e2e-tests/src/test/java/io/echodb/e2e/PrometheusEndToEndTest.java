package io.echodb.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The shipped Prometheus rules ({@code spec.groups} of deploy/k8s/prometheus-rule.yaml, unchanged) evaluated by a
 * real Prometheus ({@link PrometheusServer}; missing binary: the test fails, it never skips) that scrapes the three
 * packaged services' {@code /q/metrics} under the job names the ServiceMonitor gives them (the Service names), every
 * 2 s: every target is up, no rule is pending or firing on a healthy stack for 3 minutes, and killing
 * listener-service fires the rule that watches it.
 *
 * <p>The stack is {@link LocalStack} with two intervals shortened so that 3 minutes hold several of them: the
 * listener's inventory every 20 s (default 5 min) and alert-service's poll every 5 s (default 30 s). The rules'
 * {@code for:} durations are production values (5 min for a service down): the last step checks that the shipped
 * rule goes pending, then rewrites <em>only</em> the {@code for:} durations to {@value #SHORT_FOR} and reloads
 * Prometheus to see it fire. Why and how: docs/architecture.md §"Health, metrics, shutdown".
 *
 * <p>The class runs beside the other end-to-end classes (its own stack on free ports; see
 * {@code junit-platform.properties}); its two methods run one after the other, in order.
 */
@Execution(ExecutionMode.CONCURRENT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusEndToEndTest {

    private static final Duration HEALTHY_FOR = Duration.ofMinutes(3);
    private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(2);
    private static final String SHORT_FOR = "4s";
    /** The services, each scraped as the job of its name (the ServiceMonitor's job is the Service's name). */
    private static final List<String> SERVICES = List.of("listener-service", "mirror-service", "alert-service");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static LocalStack stack;
    private static PrometheusServer prometheus;
    private static Path rulesFile;
    private static JsonNode shippedGroups;

    @BeforeAll
    static void startStackAndPrometheus() throws IOException {
        PrometheusServer.binary(); // fails at once, with what to install, before the stack starts
        Path projectRoot = Path.of(System.getProperty("user.dir")).getParent();
        shippedGroups = YAML.readTree(
                        projectRoot.resolve("deploy/k8s/prometheus-rule.yaml").toFile())
                .at("/spec/groups");
        assertThat(shippedGroups.isArray() && !shippedGroups.isEmpty())
                .as("spec.groups of deploy/k8s/prometheus-rule.yaml")
                .isTrue();
        stack = LocalStack.start(
                projectRoot,
                null,
                Map.of("ECHODB_LISTENER_INVENTORY_INTERVAL", "20s", "ECHODB_ALERT_POLL_INTERVAL", "5s"));

        Path directory = stack.logDirectory().resolve("prometheus");
        Files.createDirectories(directory);
        rulesFile = directory.resolve("echodb-rules.yml");
        writeRules(null);
        Path config = directory.resolve("prometheus.yml");
        YAML.writeValue(config.toFile(), prometheusConfig());
        prometheus = PrometheusServer.start(config, directory.resolve("prometheus.log"));
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    @Execution(ExecutionMode.SAME_THREAD)
    void aHealthyStackIsScrapedAndFiresNoRuleFor3Minutes() {
        int shippedRules = 0;
        for (JsonNode group : shippedGroups) {
            shippedRules += group.path("rules").size();
        }
        int expectedRules = shippedRules;

        // Until the services have done their periodic work under Prometheus' eyes (an inventory sent, a poll cycle
        // done) and every rule has been evaluated: nothing may fire; a pending startup transient (absent() before
        // the first scrape, increase() over too few samples: what a rule's for: absorbs) must clear.
        await("every target up, an inventory and a poll seen, every rule evaluated without error, no alert active")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .failFast(
                        "an alert fired on a freshly started, healthy stack",
                        () -> assertThat(alerts("firing")).isEmpty())
                .untilAsserted(() -> {
                    assertEveryTargetUp();
                    assertThat(prometheus.query("increase(echodb_inventory_sent_seconds_count"
                                    + "{job=\"listener-service\", outcome=\"ok\"}[10m]) > 0"))
                            .as("inventories sent while scraped")
                            .isNotEmpty();
                    assertThat(prometheus.query("increase(echodb_alert_poll_seconds_count"
                                    + "{job=\"alert-service\", outcome=\"success\"}[10m]) > 0"))
                            .as("alert-service polls done while scraped")
                            .isNotEmpty();
                    assertThat(prometheus.rules())
                            .hasSize(expectedRules)
                            .allSatisfy(rule -> assertThat(rule.get("health"))
                                    .as("health of %s (%s)", rule.get("name"), rule.get("lastError"))
                                    .isEqualTo("ok"));
                    assertThat(alerts(null)).as("active alerts").isEmpty();
                });

        await("no alert pending or firing while the stack stays healthy")
                .during(HEALTHY_FOR)
                .atMost(HEALTHY_FOR.plusSeconds(30))
                .pollInterval(Duration.ofSeconds(2))
                .failFast("an alert became active on a healthy stack", () -> {
                    assertThat(alerts(null)).as("active alerts").isEmpty();
                    assertEveryTargetUp();
                })
                .until(() -> true);
    }

    @Test
    @Order(2)
    @Execution(ExecutionMode.SAME_THREAD)
    void killingTheListenerFiresTheRuleWatchingIt() throws IOException {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(PrometheusEndToEndTest::assertEveryTargetUp);

        stack.service("listener-service").kill();

        await("EchoDBServiceDown{job=\"listener-service\"} pending with the shipped for:")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(listenerDown()).containsEntry("state", "pending"));

        writeRules(SHORT_FOR);
        prometheus.reload();

        await("EchoDBServiceDown{job=\"listener-service\"} firing once for: is " + SHORT_FOR)
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> {
                    Map<String, Object> alert = listenerDown();
                    assertThat(alert).containsEntry("state", "firing");
                    assertThat(labels(alert)).containsEntry("severity", "critical");
                });
        assertThat(prometheus.alerts())
                .filteredOn(alert -> "firing".equals(alert.get("state")))
                .as("firing alerts: only the killed service's")
                .allSatisfy(alert -> assertThat(labels(alert)).containsEntry("job", "listener-service"));
    }

    /** The active alert of rule EchoDBServiceDown for job listener-service; fails when there is none. */
    private static Map<String, Object> listenerDown() {
        List<Map<String, Object>> alerts = prometheus.alerts().stream()
                .filter(alert -> "EchoDBServiceDown".equals(labels(alert).get("alertname"))
                        && "listener-service".equals(labels(alert).get("job")))
                .toList();
        assertThat(alerts).as("EchoDBServiceDown alerts of listener-service").hasSize(1);
        return alerts.getFirst();
    }

    private static void assertEveryTargetUp() {
        List<Map<String, Object>> targets = prometheus.targets();
        assertThat(targets)
                .extracting(target -> labels(target).get("job"))
                .containsExactlyInAnyOrderElementsOf(SERVICES);
        assertThat(targets)
                .allSatisfy(target -> assertThat(target.get("health"))
                        .as("health of %s (%s)", target.get("scrapeUrl"), target.get("lastError"))
                        .isEqualTo("up"));
    }

    /** Active alerts, each as {@code alertname{labels} state since}, of {@code state} or of any state (null). */
    private static List<String> alerts(String state) {
        return prometheus.alerts().stream()
                .filter(alert -> state == null || state.equals(alert.get("state")))
                .map(alert -> labels(alert) + " " + alert.get("state") + " since " + alert.get("activeAt"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(Map<String, Object> alertOrTarget) {
        return (Map<String, String>) alertOrTarget.get("labels");
    }

    /**
     * Writes the shipped rule groups to {@link #rulesFile}: unchanged, or with every {@code for:} replaced by
     * {@code shortFor}.
     */
    private static void writeRules(String shortFor) throws IOException {
        JsonNode groups = shippedGroups.deepCopy();
        if (shortFor != null) {
            for (JsonNode group : groups) {
                for (JsonNode rule : group.path("rules")) {
                    if (rule.has("for")) {
                        ((ObjectNode) rule).put("for", shortFor);
                    }
                }
            }
        }
        ObjectNode file = YAML.createObjectNode();
        file.set("groups", groups);
        YAML.writeValue(rulesFile.toFile(), file);
    }

    /** prometheus.yml: one static job per service, named as the ServiceMonitor names it (the Service's name). */
    private static Map<String, Object> prometheusConfig() {
        String interval = SCRAPE_INTERVAL.toSeconds() + "s";
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(
                "global",
                Map.of("scrape_interval", interval, "scrape_timeout", interval, "evaluation_interval", interval));
        config.put("rule_files", List.of(rulesFile.toString()));
        config.put(
                "scrape_configs",
                SERVICES.stream()
                        .map(service -> Map.of(
                                "job_name",
                                service,
                                "metrics_path",
                                "/q/metrics",
                                "static_configs",
                                List.of(Map.of(
                                        "targets",
                                        List.of(stack.service(service).baseUrl().substring("http://".length()))))))
                        .toList());
        return config;
    }
}
