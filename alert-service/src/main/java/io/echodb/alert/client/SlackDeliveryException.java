package io.echodb.alert.client;

import java.time.Duration;
import java.util.Set;

/**
 * Slack did not accept a request: {@link RateLimited} (HTTP 429) waits its {@code Retry-After}, {@link Unavailable}
 * (5xx, Web API server errors) and {@link Unreachable} (network error, timeout) are retried with backoff,
 * {@link Rejected} is permanent. Messages never contain a webhook URL's path or the token (docs/architecture.md
 * §Slack delivery).
 */
public abstract sealed class SlackDeliveryException extends RuntimeException {

    private final int status;
    private final String error;

    private SlackDeliveryException(String message, int status, String error) {
        super(message);
        this.status = status;
        this.error = error;
    }

    /** The HTTP status of Slack's answer; 0 when there was none. */
    public int status() {
        return status;
    }

    /** Slack's error code (e.g. {@code channel_not_found}, {@code no_service}), or why there was no answer. */
    public String error() {
        return error;
    }

    /** Whether a later attempt may succeed. */
    public boolean retryable() {
        return !(this instanceof Rejected);
    }

    /** Slack refused the request; sending it again will not help. */
    public static final class Rejected extends SlackDeliveryException {

        /**
         * Errors about one message or thread rather than about the app's setup: they fail that message only and do
         * not turn the {@code slack-delivery} check red.
         */
        static final Set<String> MESSAGE_ERRORS = Set.of(
                "message_not_found",
                "cant_update_message",
                "edit_window_closed",
                "thread_not_found",
                "invalid_thread_ts");

        /**
         * Errors about the size or shape of one message (Slack's total block-text limit, the text limit, a block
         * beyond Block Kit's limits): that message is split and sent again; the destination is fine.
         */
        static final Set<String> TOO_LARGE =
                Set.of("msg_blocks_too_long", "msg_too_long", "invalid_blocks", "invalid_blocks_format");

        public Rejected(int status, String error) {
            super("Slack answered HTTP " + status + ": " + error, status, error);
        }

        /** Whether this points at the setup (token, channel, webhook, payload shape): an operator must act. */
        public boolean setupError() {
            return !MESSAGE_ERRORS.contains(error()) && !tooLarge();
        }

        /** Whether Slack refused this one message for its size or blocks: split it and send the parts. */
        public boolean tooLarge() {
            return TOO_LARGE.contains(error());
        }
    }

    /** Slack asked to slow down (HTTP 429). */
    public static final class RateLimited extends SlackDeliveryException {

        private final Duration retryAfter;

        public RateLimited(int status, String error, Duration retryAfter) {
            super(
                    "Slack answered HTTP " + status + ": " + error + ", retry after " + retryAfter.toSeconds() + "s",
                    status,
                    error);
            this.retryAfter = retryAfter;
        }

        /** The {@code Retry-After} Slack asked for. */
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** Slack failed on its side; a later attempt may succeed. */
    public static final class Unavailable extends SlackDeliveryException {
        public Unavailable(int status, String error) {
            super("Slack answered HTTP " + status + ": " + error, status, error);
        }
    }

    /** Slack could not be reached or did not answer in time; a later attempt may succeed. */
    public static final class Unreachable extends SlackDeliveryException {
        public Unreachable(String reason) {
            super("Slack did not answer: " + reason, 0, reason);
        }
    }
}
