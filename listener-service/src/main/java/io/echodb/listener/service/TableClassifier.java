package io.echodb.listener.service;

import io.echodb.listener.domain.CatalogTable;
import io.echodb.listener.domain.Eligibility;
import io.echodb.listener.domain.Persistence;
import io.echodb.listener.domain.ReplicaIdentity;
import io.echodb.listener.domain.TableKind;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a table should be mirrored; pure logic, no I/O.
 *
 * <p>A table is eligible when it is an ordinary or partitioned table (not a partition: its partitioned
 * parent is mirrored), permanent (temporary and unlogged tables are not WAL-logged for logical
 * replication), in a watched schema, not excluded by a glob, not in an internal schema ({@code echodb},
 * {@code pg_catalog}, {@code information_schema}, {@code pg_toast…}, {@code pg_temp…}), not owned by an
 * extension, and has a primary key or replica identity FULL / INDEX while its replica identity is not
 * NOTHING (with NOTHING, UPDATE and DELETE on a published table fail in the source database). The first
 * rule a table breaks gives the reason.
 */
public final class TableClassifier {

    private static final Set<String> INTERNAL_SCHEMAS = Set.of("echodb", "pg_catalog", "information_schema");

    private final List<Pattern> watchedSchemas;
    private final List<String> excludedGlobs;
    private final List<Pattern> excludedPatterns;

    /**
     * @param watchedSchemas schema names or globs ({@code *}, {@code ?}), case-sensitive; blanks ignored
     * @param excludedTables table globs, matched against the table name, or against {@code schema.table}
     *     when the glob contains a dot; blanks ignored
     */
    public TableClassifier(Collection<String> watchedSchemas, Collection<String> excludedTables) {
        this.watchedSchemas = cleaned(watchedSchemas).stream().map(TableClassifier::globToPattern).toList();
        this.excludedGlobs = cleaned(excludedTables);
        this.excludedPatterns = excludedGlobs.stream().map(TableClassifier::globToPattern).toList();
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
            String parent = table.parentTable() == null
                    ? "a partitioned table"
                    : table.parentSchema() + "." + table.parentTable();
            return Eligibility.no("partition of " + parent + " (the partitioned parent is mirrored)");
        }
        if (table.kind() != TableKind.ORDINARY && table.kind() != TableKind.PARTITIONED) {
            return Eligibility.no(describe(table.kind()));
        }
        if (table.persistence() == Persistence.UNLOGGED) {
            return Eligibility.no("unlogged table");
        }
        if (watchedSchemas.stream().noneMatch(p -> p.matcher(schema).matches())) {
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
        if (table.replicaIdentity() == ReplicaIdentity.NOTHING) {
            return Eligibility.no("replica identity NOTHING");
        }
        boolean identified = table.hasPrimaryKey()
                || table.replicaIdentity() == ReplicaIdentity.FULL
                || table.replicaIdentity() == ReplicaIdentity.INDEX;
        return identified ? Eligibility.yes() : Eligibility.no("no primary key or replica identity");
    }

    private static boolean isInternalSchema(String schema) {
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
}
