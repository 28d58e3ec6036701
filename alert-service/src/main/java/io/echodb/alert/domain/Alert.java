package io.echodb.alert.domain;

import java.time.Instant;

/**
 * The state of one alert, as kept in table {@code echodb.alert_state}.
 *
 * @param finding the latest finding (for an alert resolved because its subject vanished: the last one seen, with
 *     the rule's "gone" summary)
 * @param severity the severity it fires (or last fired) with
 * @param state where it is in its lifecycle
 * @param pendingSince when its condition started to hold
 * @param firingSince when its {@code for} elapsed; {@code null} while pending
 * @param resolvedAt when its condition cleared; {@code null} unless resolved
 * @param lastNotice the last notification sent while it fired; {@code null} when people were never told
 */
public record Alert(
        Finding finding,
        Severity severity,
        AlertState state,
        Instant pendingSince,
        Instant firingSince,
        Instant resolvedAt,
        Notice lastNotice) {

    /** The alert's identity. */
    public AlertKey key() {
        return finding.key();
    }

    /** This alert with {@code notice} as its last notification. */
    public Alert notified(Notice notice) {
        return new Alert(finding, severity, state, pendingSince, firingSince, resolvedAt, notice);
    }

    /**
     * The last notification sent for a firing alert.
     *
     * @param severity the severity it announced
     * @param at when it was sent
     * @param channel with a bot token: the Slack channel ID of the message that started the alert's thread
     * @param ts with a bot token: that message's {@code ts}; {@code null} for webhooks (they return none)
     */
    public record Notice(Severity severity, Instant at, String channel, String ts) {

        /** Whether there is a Slack message to thread under and update. */
        public boolean hasThread() {
            return channel != null && ts != null;
        }
    }
}
