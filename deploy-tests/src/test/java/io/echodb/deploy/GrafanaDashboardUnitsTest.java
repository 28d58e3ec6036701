package io.echodb.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.echodb.deploy.GrafanaDashboard.PanelQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each query of the Grafana dashboard is shown in a unit that fits what it computes, read from the metric's
 * unit suffix and the PromQL around it: durations ({@code _seconds_max}, {@code _seconds_sum / _seconds_count})
 * in a time unit and nothing else in one; bare {@code rate()}s in a per-second unit and nothing else in one;
 * {@code _bytes} gauges in a byte unit; a panel titled "… per X" (X not a second) is no rate, and divides when it
 * reads counters.
 */
class GrafanaDashboardUnitsTest {

    static final Set<String> TIME_UNITS = Set.of("s", "ms", "µs", "ns", "m", "h", "d", "dtdurations", "dtdurationms");
    static final Set<String> RATE_UNITS = Set.of("ops", "reqps", "rps", "wps", "iops", "cps", "Bps", "binBps");
    static final Set<String> BYTE_UNITS = Set.of("bytes", "decbytes", "bits", "kbytes", "mbytes", "gbytes");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern RATE = Pattern.compile("\\b(?:i?rate)\\(");
    private static final Pattern PER_SOMETHING = Pattern.compile("(?i)\\bper (?!second\\b)\\w+");

    @Test
    void everyPanelQueryIsShownInTheUnitOfWhatItComputes() {
        List<PanelQuery> queries = GrafanaDashboard.load().panelQueries();

        assertThat(queries).isNotEmpty();
        assertThat(problems(queries)).isEmpty();
    }

    /** The two mistakes the dashboard once had must be caught. */
    @Test
    void secondsOnACountAxisAndARateTitledPerPollAreCaught() {
        var inventories = List.of(
                new PanelQuery(
                        "Inventories sent",
                        "A",
                        "sum by (outcome) (increase(echodb_inventory_sent_seconds_count[$__rate_interval]))",
                        "short"),
                new PanelQuery("Inventories sent", "B", "max(echodb_inventory_sent_seconds_max)", "short"));
        var statements = List.of(new PanelQuery(
                "Statements per source poll",
                "A",
                "sum by (source) (rate(echodb_alert_source_queries_total[$__rate_interval]))",
                "ops"));
        var statementsAsCount = List.of(new PanelQuery(
                "Statements per source poll",
                "A",
                "sum by (source) (increase(echodb_alert_source_queries_total[$__rate_interval]))",
                "short"));

        assertThat(problems(inventories)).singleElement().asString().contains("/ B", "needs a time unit");
        assertThat(problems(statements)).singleElement().asString().contains("per source", "is a rate");
        assertThat(problems(statementsAsCount)).singleElement().asString().contains("divide");
        assertThat(problems(List.of(new PanelQuery(
                        "Statements per source poll",
                        "A",
                        "sum by (source) (rate(echodb_alert_source_queries_total[5m])) / sum by (source)"
                                + " (label_replace(rate(echodb_alert_poll_seconds_count[5m]), \"source\", \"$1\","
                                + " \"target\", \"(.*)\"))",
                        "short"))))
                .isEmpty();
    }

    static List<String> problems(List<PanelQuery> queries) {
        List<String> problems = new ArrayList<>();
        for (PanelQuery query : queries) {
            String bare = STRING.matcher(query.expr()).replaceAll("\"\"");
            var metrics = PromQl.metricNames(query.expr());
            boolean duration = metrics.stream().anyMatch(m -> m.endsWith("_seconds_max") || m.endsWith("_seconds_sum"));
            boolean divides = bare.contains("/");
            boolean rate = RATE.matcher(bare).find() && !divides;
            boolean bytes = !rate && metrics.stream().anyMatch(m -> m.endsWith("_bytes"));
            boolean counters = metrics.stream().anyMatch(m -> m.endsWith("_total") || m.endsWith("_count"));
            boolean perSomething = PER_SOMETHING.matcher(query.panel()).find();
            String unit = query.unit();

            if (duration != TIME_UNITS.contains(unit)) {
                problems.add(
                        query + (duration ? ": a duration needs a time unit" : ": not a duration, not a time unit"));
            }
            if (rate != RATE_UNITS.contains(unit)) {
                problems.add(query + (rate ? ": a rate needs a per-second unit" : ": no rate, no per-second unit"));
            }
            if (bytes != BYTE_UNITS.contains(unit)) {
                problems.add(
                        query + (bytes ? ": a _bytes series needs a byte unit" : ": no _bytes series, no byte unit"));
            }
            if (perSomething && rate) {
                problems.add(query + ": the title says \"" + match(query.panel()) + "\" but the query is a rate");
            } else if (perSomething && counters && !divides) {
                problems.add(query + ": the title says \"" + match(query.panel())
                        + "\": divide the counter by the count of what it is per");
            }
        }
        return problems;
    }

    private static String match(String title) {
        var matcher = PER_SOMETHING.matcher(title);
        return matcher.find() ? matcher.group() : "";
    }
}
