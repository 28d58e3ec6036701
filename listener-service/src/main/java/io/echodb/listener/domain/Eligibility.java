package io.echodb.listener.domain;

/**
 * The listener's verdict on a table.
 *
 * @param eligible whether the table should be mirrored
 * @param reason why not, in words for people (e.g. {@code unlogged table}); null when eligible
 */
public record Eligibility(boolean eligible, String reason) {

    /** The table should be mirrored. */
    public static Eligibility yes() {
        return new Eligibility(true, null);
    }

    /** The table must not be mirrored, because of {@code reason}. */
    public static Eligibility no(String reason) {
        return new Eligibility(false, reason);
    }
}
