package io.echodb.alert.domain;

import java.time.Instant;

/**
 * Outcome of the polls so far, for readiness.
 *
 * @param lastSuccess when the last successful poll completed; {@code null} before the first one
 * @param lastFailure when the last failed poll ended; {@code null} if none failed
 * @param lastError the last failure's message; {@code null} if none failed
 */
public record PollStatus(Instant lastSuccess, Instant lastFailure, String lastError) {

    /** No poll has run yet. */
    public static final PollStatus NONE = new PollStatus(null, null, null);

    /** Whether the most recent poll succeeded, or none has failed yet. */
    public boolean healthy() {
        return lastFailure == null || (lastSuccess != null && lastSuccess.isAfter(lastFailure));
    }

    /** This status after a successful poll at {@code at}. */
    public PollStatus succeeded(Instant at) {
        return new PollStatus(at, lastFailure, lastError);
    }

    /** This status after a poll failed at {@code at} with {@code error}. */
    public PollStatus failed(Instant at, String error) {
        return new PollStatus(lastSuccess, at, error);
    }
}
