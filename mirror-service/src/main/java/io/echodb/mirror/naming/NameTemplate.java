package io.echodb.mirror.naming;

import java.util.HashSet;
import java.util.Optional;
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
     * @throws IllegalArgumentException naming {@code setting} when {@link #problem} finds one
     */
    public static NameTemplate parse(String setting, String template) {
        return parse(setting, template, false);
    }

    /**
     * Parses the template of a shared mirror (one per source and schema) read from the setting {@code setting}.
     *
     * @throws IllegalArgumentException naming {@code setting} when {@link #problem} finds one
     */
    public static NameTemplate parseShared(String setting, String template) {
        return parse(setting, template, true);
    }

    /**
     * What is wrong with a template: empty, an unknown placeholder, an unmatched brace; for a per-table template
     * no {@code {table}}, for a shared one a {@code {table}}.
     *
     * @return the problem in a few words, or empty when the template is valid
     */
    public static Optional<String> problem(String template, boolean shared) {
        if (template == null || template.isBlank()) {
            return Optional.of("it is empty");
        }
        Set<String> used = new HashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            if (!PLACEHOLDERS.contains(matcher.group(1))) {
                return Optional.of("unknown placeholder {" + matcher.group(1) + "}; use {source}, {schema}, {table}");
            }
            used.add(matcher.group(1));
        }
        String literal = PLACEHOLDER.matcher(template).replaceAll("");
        if (literal.indexOf('{') >= 0 || literal.indexOf('}') >= 0) {
            return Optional.of("it has an unmatched '{' or '}'");
        }
        if (shared && used.contains("table")) {
            return Optional.of("a shared mirror holds many tables; use {source} and {schema} only");
        }
        if (!shared && !used.contains("table")) {
            return Optional.of("it must contain {table}, or every table would get the same name");
        }
        return Optional.empty();
    }

    private static NameTemplate parse(String setting, String template, boolean shared) {
        problem(template, shared).ifPresent(why -> {
            throw new IllegalArgumentException("Invalid " + setting + " '" + template + "': " + why);
        });
        Set<String> used = new HashSet<>();
        PLACEHOLDER.matcher(template).results().forEach(placeholder -> used.add(placeholder.group(1)));
        return new NameTemplate(template, Set.copyOf(used));
    }

    /** The template with every placeholder replaced by the given value, verbatim. */
    public String render(String source, String schema, String table) {
        return PLACEHOLDER
                .matcher(template)
                .replaceAll(match -> Matcher.quoteReplacement(
                        switch (match.group(1)) {
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
