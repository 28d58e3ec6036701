package io.echodb.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code deploy/grafana/echodb.json}: every PromQL query of its panels and template variables. */
record GrafanaDashboard(JsonNode json) {

    static final Path FILE = Repository.path("deploy", "grafana", "echodb.json");

    /** {@code label_values(metric, label)} of a query variable reads {@code metric}. */
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([^,]+?)\\s*,\\s*\\w+\\s*\\)");

    static GrafanaDashboard load() {
        try {
            return new GrafanaDashboard(new ObjectMapper().readTree(FILE.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE, e);
        }
    }

    /** A dashboard from JSON text (for the checks' own tests). */
    static GrafanaDashboard parse(String json) {
        try {
            return new GrafanaDashboard(new ObjectMapper().readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /** Query expressions keyed by where they are ("panel title / refId" or "variable name"). */
    Map<String, String> queries() {
        Map<String, String> queries = new LinkedHashMap<>();
        collectPanels(json.path("panels"), queries);
        for (JsonNode variable : json.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                String query = variable.path("query")
                        .path("query")
                        .asText(variable.path("query").asText());
                Matcher labelValues = LABEL_VALUES.matcher(query);
                queries.put(
                        "variable " + variable.path("name").asText(),
                        labelValues.matches() ? labelValues.group(1) : query);
            }
        }
        return queries;
    }

    /** One panel query with the unit Grafana shows it in: the panel's, or an override for its refId. */
    record PanelQuery(String panel, String refId, String expr, String unit) {

        @Override
        public String toString() {
            return "panel \"" + panel + "\" / " + refId + " (unit " + unit + "): " + expr;
        }
    }

    /**
     * Every panel query with its unit. A unit set by an override is attributed to its query only for the
     * {@code byFrameRefID} matcher; any other matcher setting a unit throws (the checks could not tell which
     * query it applies to).
     */
    List<PanelQuery> panelQueries() {
        List<PanelQuery> queries = new ArrayList<>();
        collectPanelQueries(json.path("panels"), queries);
        return queries;
    }

    private static void collectPanelQueries(JsonNode panels, List<PanelQuery> queries) {
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            JsonNode fieldConfig = panel.path("fieldConfig");
            String unit = fieldConfig.path("defaults").path("unit").asText("none");
            Map<String, String> unitByRefId = new HashMap<>();
            for (JsonNode override : fieldConfig.path("overrides")) {
                for (JsonNode property : override.path("properties")) {
                    if (property.path("id").asText().equals("unit")) {
                        JsonNode matcher = override.path("matcher");
                        if (!matcher.path("id").asText().equals("byFrameRefID")) {
                            throw new IllegalStateException("panel \"" + title + "\" sets a unit by matcher " + matcher
                                    + ": use byFrameRefID so the checks know the query");
                        }
                        unitByRefId.put(
                                matcher.path("options").asText(),
                                property.path("value").asText());
                    }
                }
            }
            for (JsonNode target : panel.path("targets")) {
                String refId = target.path("refId").asText();
                queries.add(new PanelQuery(
                        title, refId, target.path("expr").asText(), unitByRefId.getOrDefault(refId, unit)));
            }
            collectPanelQueries(panel.path("panels"), queries);
        }
    }

    private static void collectPanels(JsonNode panels, Map<String, String> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                queries.put(
                        panel.path("title").asText() + " / "
                                + target.path("refId").asText(),
                        target.path("expr").asText());
            }
            collectPanels(panel.path("panels"), queries);
        }
    }
}
