package io.echodb.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
