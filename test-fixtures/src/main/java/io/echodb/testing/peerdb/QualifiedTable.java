package io.echodb.testing.peerdb;

/**
 * A source table as PeerDB names it (peerdb-api.md §5, {@code common.ParseTableIdentifier}): the identifier
 * is split on the first {@code .}; both parts must be non-empty and the table part must not contain a dot.
 * Each part is used verbatim (case-sensitive, any characters) and double-quoted when written into SQL.
 *
 * @param namespace the schema, unquoted
 * @param table the table name, unquoted
 */
record QualifiedTable(String namespace, String table) {

    /**
     * Parses {@code schema.table}.
     *
     * @throws IllegalArgumentException with PeerDB-like wording when the identifier does not have that shape
     */
    static QualifiedTable parse(String identifier) {
        int dot = identifier.indexOf('.');
        if (dot <= 0 || dot == identifier.length() - 1 || identifier.indexOf('.', dot + 1) >= 0) {
            throw new IllegalArgumentException("invalid table identifier: " + identifier
                    + ", expected <schema>.<table> with non-empty parts and no dot in the table name");
        }
        return new QualifiedTable(identifier.substring(0, dot), identifier.substring(dot + 1));
    }

    /** {@code "schema"."table"}, each part quoted for SQL (PeerDB's {@code QualifiedTable.String}). */
    String quoted() {
        return quoteIdentifier(namespace) + "." + quoteIdentifier(table);
    }

    /** {@code schema.table} unquoted, as PeerDB prints it in error details. */
    String dotted() {
        return namespace + "." + table;
    }

    @Override
    public String toString() {
        return quoted();
    }

    /**
     * A SQL identifier in double quotes with embedded quotes doubled; safe for any name PostgreSQL accepts.
     *
     * @throws IllegalArgumentException for a name containing NUL, which PostgreSQL cannot store
     */
    static String quoteIdentifier(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
