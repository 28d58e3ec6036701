package io.echodb.mirror.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A name template with the placeholders {@code {source}}, {@code {schema}} and {@code {table}}, e.g.
 * {@code {table}_mirror}. Literal text is kept as written; no escaping is done.
 */
public final class NameTemplate {

    /** Placeholders a template may use. */
    public static final Set<String> PLACEHOLDERS = Set.of("source", "schema", "table");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    private final String template;
    private final Set<String> used;

    private NameTemplate(String template, Set<String> used) {
        this.template = template;
        this.used = used;
    }

    /** Whether the template contains the placeholder {@code {name}}. */
    public boolean uses(String name) {
        return used.contains(name);
    }

    /**
     * Parses a per-table template (mirror name or destination table) read from the setting {@code setting}.
     *
     * @throws IllegalArgumentException naming {@code setting} when the template is empty, uses an unknown
     *     placeholder, has an unmatched brace or lacks {@code {table}}
     */
    public static NameTemplate parse(String setting, String template) {
        NameTemplate parsed = parseAny(setting, template);
        if (!parsed.uses("table")) {
            throw invalid(setting, template, "it must contain {table}, or every table would get the same name");
        }
        return parsed;
    }

    /**
     * Parses the template of a shared mirror (one per source and schema) read from the setting {@code setting}.
     *
     * @throws IllegalArgumentException naming {@code setting} when the template is empty, uses an unknown
     *     placeholder or {@code {table}}, or has an unmatched brace
     */
    public static NameTemplate parseShared(String setting, String template) {
        NameTemplate parsed = parseAny(setting, template);
        if (parsed.uses("table")) {
            throw invalid(setting, template, "a shared mirror holds many tables; use {source} and {schema} only");
        }
        return parsed;
    }

    private static NameTemplate parseAny(String setting, String template) {
        if (template == null || template.isBlank()) {
            throw invalid(setting, template, "it is empty");
        }
        List<String> used = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder literal = new StringBuilder();
        int end = 0;
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!PLACEHOLDERS.contains(name)) {
                throw invalid(setting, template, "unknown placeholder {" + name + "}; use {source}, {schema}, {table}");
            }
            used.add(name);
            literal.append(template, end, matcher.start());
            end = matcher.end();
        }
        literal.append(template.substring(end));
        if (literal.indexOf("{") >= 0 || literal.indexOf("}") >= 0) {
            throw invalid(setting, template, "it has an unmatched '{' or '}'");
        }
        return new NameTemplate(template, Set.copyOf(used));
    }

    private static IllegalArgumentException invalid(String setting, String template, String why) {
        return new IllegalArgumentException("Invalid " + setting + " '" + template + "': " + why);
    }

    /** The template with every placeholder replaced by the given value, verbatim. */
    public String render(String source, String schema, String table) {
        return PLACEHOLDER.matcher(template).replaceAll(match -> Matcher.quoteReplacement(switch (match.group(1)) {
            case "source" -> source;
            case "schema" -> schema;
            default -> table;
        }));
    }

    @Override
    public String toString() {
        return template;
    }
}
