package io.echodb.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import io.echodb.deploy.ExportedMetrics.Meter;
import io.echodb.deploy.ExportedMetrics.Type;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The example Prometheus alerts ({@code deploy/k8s/prometheus-rule.yaml}) and the Grafana dashboard
 * ({@code deploy/grafana/echodb.json}) read only series the services really export.
 */
class MetricQueriesTest {

    /**
     * Series that are not EchoDB's own meters but exist for every service: {@code up} is written by Prometheus
     * itself; the others come from Quarkus' Micrometer binders for the HTTP server, the JVM and the process
     * ({@code quarkus.micrometer.binder.system}: Micrometer's UptimeMetrics), on by default.
     */
    static final Set<String> PLATFORM_SERIES = Set.of(
            "up",
            "http_server_requests_seconds_count",
            "http_server_requests_seconds_sum",
            "jvm_memory_used_bytes",
            "process_uptime_seconds");

    @Test
    void theScannerNamesMetersAsMicrometersPrometheusRegistryDoes() {
        String source = """
                class Example {
                    static final String POLLS = "echodb.example.polls";
                    void register(MeterRegistry registry) {
                        registry.counter("echodb.example.sent", "outcome", "ok").increment();
                        Timer.builder(POLLS).tag("outcome", "ok").register(registry);
                        MultiGauge.builder("echodb.example.retained")
                                .description("bytes")
                                .baseUnit("bytes")
                                .register(registry);
                        Gauge.builder("echodb.example.size", this, e -> 1).baseUnit(BaseUnits.BYTES).register(registry);
                        registry.gaugeMapSize("echodb.example.waiting", Tags.empty(), waiting);
                        registry.counter("other.meter").increment();
                    }
                    @Counted("echodb.example.calls") void call() {}
                }
                """;

        List<Meter> meters = ExportedMetrics.scan("example", List.of(source)).toList();

        assertThat(meters)
                .extracting(Meter::name, Meter::type)
                .containsExactlyInAnyOrder(
                        tuple("echodb.example.polls", Type.TIMER),
                        tuple("echodb.example.sent", Type.COUNTER),
                        tuple("echodb.example.retained", Type.GAUGE),
                        tuple("echodb.example.size", Type.GAUGE),
                        tuple("echodb.example.waiting", Type.GAUGE),
                        tuple("echodb.example.calls", Type.COUNTER));
        assertThat(meters)
                .flatExtracting(meter -> List.copyOf(meter.series()))
                .contains(
                        "echodb_example_sent_total",
                        "echodb_example_polls_seconds_count",
                        "echodb_example_polls_seconds_max",
                        "echodb_example_retained_bytes",
                        "echodb_example_size_bytes",
                        "echodb_example_waiting",
                        "echodb_example_calls_total");
    }

    @Test
    void promQlNamesOnlyMetricsNotFunctionsLabelsOrDurations() {
        assertThat(PromQl.metricNames(
                        "max by (source, slot) (echodb_slot_retained_wal_bytes{job=\"alert-service\"}) > 5000 * 1024"))
                .containsExactly("echodb_slot_retained_wal_bytes");
        assertThat(PromQl.metricNames("sum(rate(echodb_alert_poll_seconds_count{outcome=~\"$outcome\"}"
                        + "[$__rate_interval])) / ignoring(outcome) up == 0 or absent(up{job='x'})"))
                .containsExactly("echodb_alert_poll_seconds_count", "up");
    }

    @ParameterizedTest
    @FieldSource("io.echodb.deploy.Repository#SERVICES")
    void everyServiceExportsEchoDbMeters(String service) {
        assertThat(ExportedMetrics.ofServices()).extracting(Meter::service).contains(service);
    }

    @Test
    void theExamplePrometheusAlertsReadExportedSeries() {
        Set<String> exported = exportedSeries();
        var rule = KubernetesBase.load().custom("PrometheusRule").getFirst();
        assertSoftly(soft -> PrometheusRules.of(rule)
                .forEach(r -> soft.assertThat(PromQl.metricNames((String) r.get("expr")))
                        .as("metrics read by alert %s (exported: %s)", r.get("alert"), exported)
                        .isNotEmpty()
                        .isSubsetOf(exported)));
    }

    @Test
    void theGrafanaDashboardReadsExportedSeries() {
        Set<String> exported = exportedSeries();
        Map<String, String> queries = GrafanaDashboard.load().queries();

        assertThat(queries).isNotEmpty();
        assertSoftly(soft -> queries.forEach((panel, expression) -> soft.assertThat(PromQl.metricNames(expression))
                .as("metrics read by panel \"%s\": %s (exported: %s)", panel, expression, exported)
                .isNotEmpty()
                .isSubsetOf(exported)));
    }

    /** Every series the services export, platform series included. */
    static Set<String> exportedSeries() {
        Set<String> exported = new TreeSet<>(ExportedMetrics.seriesOfServices());
        exported.addAll(PLATFORM_SERIES);
        return exported;
    }
}
