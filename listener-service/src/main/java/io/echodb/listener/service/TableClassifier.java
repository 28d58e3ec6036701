package io.echodb.listener.service;

import io.echodb.listener.config.ListenerConfig;
import io.echodb.listener.domain.CatalogTable;
import io.echodb.listener.domain.Eligibility;
import io.echodb.listener.domain.Persistence;
import io.echodb.listener.domain.TableKind;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a table should be mirrored; pure logic, no I/O (a singleton built from the configuration, or
 * directly in tests). The first rule a table breaks gives the reason; only a missing key can change by itself, so
 * that verdict is {@link Eligibility#notYet not yet complete}. Rules: docs/architecture.md §"Classification rules".
 */
@Singleton
public class TableClassifier {

    /**
     * Schemas never mirrored: EchoDB's own ({@code echodb}: the trigger function, alert state), PeerDB's
     * internal ones ({@code _peerdb_internal}: the default {@code metadata_schema} of PeerDB's Postgres peers,
     * flow/connectors/postgres/postgres.go; {@code peerdb_stats}: PeerDB's catalog statistics), and
     * PostgreSQL's.
     */
    public static final Set<String> INTERNAL_SCHEMAS =
            Set.of("echodb", "_peerdb_internal", "peerdb_stats", "pg_catalog", "information_schema");

    /** Reason of a table without primary key or usable replica identity. */
    public static final String NO_IDENTITY = "no primary key or replica identity";

    /** Reason of a table whose name contains a dot. */
    public static final String DOT_IN_TABLE_NAME = "PeerDB cannot address a table name containing '.'";

    /** Reason of a table whose schema name contains a dot. */
    public static final String DOT_IN_SCHEMA_NAME = "PeerDB cannot address a schema name containing '.'";

    private final List<String> watchedGlobs;
    private final List<Pattern> watchedSchemas;
    private final List<String> excludedGlobs;
    private final List<Pattern> excludedPatterns;

    /** The classifier of {@code echodb.listener.schemas} and {@code echodb.listener.excluded-tables}. */
    @Inject
    public TableClassifier(ListenerConfig config) {
        this(config.schemas(), config.excludedTables().orElse(List.of()));
    }

    /**
     * @param watchedSchemas schema names or globs ({@code *}, {@code ?}), case-sensitive; blanks ignored
     * @param excludedTables table globs, matched against the table name, or against {@code schema.table}
     *     when the glob contains a dot; blanks ignored
     */
    public TableClassifier(Collection<String> watchedSchemas, Collection<String> excludedTables) {
        this.watchedGlobs = cleaned(watchedSchemas);
        this.watchedSchemas =
                watchedGlobs.stream().map(TableClassifier::globToPattern).toList();
        this.excludedGlobs = cleaned(excludedTables);
        this.excludedPatterns =
                excludedGlobs.stream().map(TableClassifier::globToPattern).toList();
    }

    /** The verdict on {@code table}, with the reason of the first rule it breaks. */
    public Eligibility classify(CatalogTable table) {
        String schema = table.schema();
        if (isInternalSchema(schema)) {
            return Eligibility.no("internal schema \"" + schema + "\"");
        }
        if (table.persistence() == Persistence.TEMPORARY) {
            return Eligibility.no("temporary table");
        }
        if (table.kind() == TableKind.PARTITION) {
            String parent = table.partitionOf() == null ? "a partitioned table" : table.partitionOf();
            return Eligibility.no("partition of " + parent + " (the partitioned parent is mirrored)");
        }
        if (table.kind() != TableKind.ORDINARY && table.kind() != TableKind.PARTITIONED) {
            return Eligibility.no(describe(table.kind()));
        }
        if (table.persistence() == Persistence.UNLOGGED) {
            return Eligibility.no("unlogged table");
        }
        if (!isWatched(schema)) {
            return Eligibility.no("schema \"" + schema + "\" is not watched");
        }
        for (int i = 0; i < excludedPatterns.size(); i++) {
            String glob = excludedGlobs.get(i);
            String subject = glob.contains(".") ? schema + "." + table.table() : table.table();
            if (excludedPatterns.get(i).matcher(subject).matches()) {
                return Eligibility.no("excluded by pattern \"" + glob + "\"");
            }
        }
        if (table.extension() != null) {
            return Eligibility.no("owned by extension \"" + table.extension() + "\"");
        }
        if (schema.contains(".")) {
            return Eligibility.no(DOT_IN_SCHEMA_NAME);
        }
        if (table.table().contains(".")) {
            return Eligibility.no(DOT_IN_TABLE_NAME);
        }
        return identity(table);
    }

    /** Whether {@code schema} matches one of the watched names or globs (internal schemas are never watched). */
    public boolean isWatched(String schema) {
        return !isInternalSchema(schema)
                && watchedSchemas.stream().anyMatch(p -> p.matcher(schema).matches());
    }

    /** The watched schema names and globs, as configured (blanks removed). */
    public List<String> watchedSchemaGlobs() {
        return watchedGlobs;
    }

    private static Eligibility identity(CatalogTable table) {
        return switch (table.replicaIdentity()) {
            case NOTHING -> Eligibility.no("replica identity NOTHING");
            case FULL -> Eligibility.yes();
            case INDEX ->
                table.hasReplicaIdentityIndex()
                        ? Eligibility.yes()
                        : Eligibility.no("replica identity INDEX without its index (behaves as NOTHING)");
            case DEFAULT -> table.hasPrimaryKey() ? Eligibility.yes() : Eligibility.notYet(NO_IDENTITY);
        };
    }

    /** PostgreSQL's own schemas and those of EchoDB and PeerDB. */
    public static boolean isInternalSchema(String schema) {
        return INTERNAL_SCHEMAS.contains(schema) || schema.startsWith("pg_toast") || schema.startsWith("pg_temp");
    }

    private static String describe(TableKind kind) {
        return switch (kind) {
            case FOREIGN -> "foreign table";
            case VIEW -> "view";
            case MATERIALIZED_VIEW -> "materialized view";
            default -> "not a table";
        };
    }

    private static List<String> cleaned(Collection<String> values) {
        return values.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    /** Whether {@code glob} contains a wildcard ({@code *} or {@code ?}). */
    public static boolean isGlob(String glob) {
        return glob.indexOf('*') >= 0 || glob.indexOf('?') >= 0;
    }

    /** {@code *} matches any run of characters, {@code ?} exactly one; everything else is literal. */
    static Pattern globToPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); ) {
            int codePoint = glob.codePointAt(i);
            if (codePoint == '*' || codePoint == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(codePoint == '*' ? ".*" : ".");
            } else {
                literal.appendCodePoint(codePoint);
            }
            i += Character.charCount(codePoint);
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /**
     * The SQL {@code LIKE} pattern (escape character backslash) matching what {@code glob} matches:
     * {@code *} → {@code %}, {@code ?} → {@code _}, literal {@code %}, {@code _} and {@code \} escaped.
     */
    static String globToLike(String glob) {
        StringBuilder like = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> like.append('%');
                case '?' -> like.append('_');
                case '%', '_', '\\' -> like.append('\\').append(c);
                default -> like.append(c);
            }
        }
        return like.toString();
    }
}
