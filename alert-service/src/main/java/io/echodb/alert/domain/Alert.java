package io.echodb.alert.domain;

import java.time.Instant;

/**
 * The state of one alert.
 *
 * @param finding the latest finding for the alert (for a resolved alert whose subject vanished: the last one
 *     seen while firing)
 * @param severity the severity it fires (or last fired) with
 * @param firingSince when it started firing (time of the poll that first found the condition)
 * @param resolvedAt when it resolved; {@code null} while firing
 */
public record Alert(Finding finding, Severity severity, Instant firingSince, Instant resolvedAt) {

    /** The alert's identity. */
    public AlertKey key() {
        return finding.key();
    }

    /** Whether the alert has resolved. */
    public boolean resolved() {
        return resolvedAt != null;
    }
}
