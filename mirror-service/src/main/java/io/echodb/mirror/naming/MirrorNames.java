package io.echodb.mirror.naming;

import io.echodb.mirror.domain.MirrorPlan;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names of the per-table and shared mirrors and of destination tables (contracts.md §3): the template's result when
 * PeerDB accepts it ({@code ^[a-z_][a-z0-9_]*$}, ≤ {@value #MAX_MIRROR_NAME_LENGTH} characters), else made valid with
 * a stable 8-hex-digit hash suffix (docs/architecture.md, "Mirror names"). Pure: no I/O, no state.
 */
public final class MirrorNames {

    /** Longest mirror name: 63 bytes of a PostgreSQL identifier minus {@code peerflow_slot_}. */
    public static final int MAX_MIRROR_NAME_LENGTH = 49;

    /** What PeerDB accepts as a mirror name with a Postgres source. */
    public static final Pattern VALID_MIRROR_NAME = Pattern.compile("^[a-z_][a-z0-9_]*$");

    private static final int HASH_HEX_DIGITS = 8;

    private final NameTemplate mirrorTemplate;
    private final NameTemplate destinationTemplate;
    private final NameTemplate sharedTemplate;

    /** Names from the parsed per-table mirror, destination table and shared mirror templates. */
    public MirrorNames(NameTemplate mirrorTemplate, NameTemplate destinationTemplate, NameTemplate sharedTemplate) {
        this.mirrorTemplate = mirrorTemplate;
        this.destinationTemplate = destinationTemplate;
        this.sharedTemplate = sharedTemplate;
    }

    /**
     * The plan for mirroring {@code source}'s {@code schema.table}, or empty when PeerDB cannot address
     * the table (see {@link #unaddressableReason(String, String)}).
     */
    public Optional<MirrorPlan> plan(String source, String schema, String table) {
        if (unaddressableReason(schema, table).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new MirrorPlan(
                mirrorName(source, schema, table),
                source,
                schema,
                table,
                destinationTemplate.render(source, schema, table)));
    }

    /**
     * The plan for putting {@code source}'s {@code schema.table} into the shared mirror of its schema, or empty
     * when PeerDB cannot address the table.
     */
    public Optional<MirrorPlan> sharedPlan(String source, String schema, String table) {
        if (unaddressableReason(schema, table).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new MirrorPlan(
                sharedMirrorName(source, schema),
                source,
                schema,
                table,
                destinationTemplate.render(source, schema, table)));
    }

    /** The name of the shared mirror of {@code source}'s {@code schema}; always valid for PeerDB. */
    public String sharedMirrorName(String source, String schema) {
        return toValidMirrorName(sharedTemplate.render(source, schema, ""), source + "." + schema);
    }

    /**
     * Why PeerDB cannot address {@code schema.table}, if it cannot: PeerDB splits a source table identifier
     * on its first {@code .} and refuses a table part containing {@code .} (peerdb-api.md §5), so neither
     * name may contain a dot.
     */
    public static Optional<String> unaddressableReason(String schema, String table) {
        if (table.indexOf('.') >= 0) {
            return Optional.of(
                    "table name contains '.', which PeerDB cannot address (it splits schema.table on the first dot)");
        }
        if (schema.indexOf('.') >= 0) {
            return Optional.of(
                    "schema name contains '.', which PeerDB cannot address (it splits schema.table on the first dot)");
        }
        return Optional.empty();
    }

    /** The mirror name for {@code source}'s {@code schema.table}; always valid for PeerDB. */
    public String mirrorName(String source, String schema, String table) {
        return toValidMirrorName(mirrorTemplate.render(source, schema, table), schema + "." + table);
    }

    /**
     * {@code candidate} if it is a valid mirror name, else its sanitised stem plus {@code _} and the first 8
     * hex digits of SHA-256 of {@code hashInput}, at most {@value #MAX_MIRROR_NAME_LENGTH} characters.
     */
    static String toValidMirrorName(String candidate, String hashInput) {
        if (candidate.length() <= MAX_MIRROR_NAME_LENGTH
                && VALID_MIRROR_NAME.matcher(candidate).matches()) {
            return candidate;
        }
        StringBuilder stem = new StringBuilder(candidate.length());
        candidate
                .toLowerCase(Locale.ROOT)
                .codePoints()
                .forEach(c ->
                        stem.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ? (char) c : '_'));
        if (stem.isEmpty() || Character.isDigit(stem.charAt(0))) {
            stem.insert(0, '_');
        }
        String suffix = "_" + sha256Hex(hashInput).substring(0, HASH_HEX_DIGITS);
        int maxStem = MAX_MIRROR_NAME_LENGTH - suffix.length();
        if (stem.length() > maxStem) {
            stem.setLength(maxStem);
        }
        return stem + suffix;
    }

    private static String sha256Hex(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
