package io.echodb.listener.domain;

/**
 * The listener's verdict on a table.
 *
 * @param eligible whether the table should be mirrored
 * @param reason why not, in words for people (e.g. {@code unlogged table}); null when eligible
 * @param complete whether the verdict can only change through a deliberate act (DROP, ALTER … SET LOGGED,
 *     a new exclusion). False for a table that has no primary key or usable replica identity <em>yet</em>:
 *     schema restores and migration tools add keys moments after {@code CREATE TABLE}, so such a verdict is
 *     looked at again after the settle delay
 */
public record Eligibility(boolean eligible, String reason, boolean complete) {

    /** The table should be mirrored. */
    public static Eligibility yes() {
        return new Eligibility(true, null, true);
    }

    /** The table must not be mirrored, because of {@code reason}; that will not change by itself. */
    public static Eligibility no(String reason) {
        return new Eligibility(false, reason, true);
    }

    /** The table cannot be mirrored yet, because of {@code reason}; a key added soon may change that. */
    public static Eligibility notYet(String reason) {
        return new Eligibility(false, reason, false);
    }
}
