package io.echodb.alert.client;

/**
 * Slack did not accept a message.
 *
 * <p>{@link Rejected} is permanent for this message (4xx, or a 2xx whose body is not {@code ok}: e.g.
 * {@code invalid_payload}, {@code no_service}, {@code channel_is_archived}, {@code rate_limited}); it is never
 * retried. {@link Unavailable} (5xx) and {@link Unreachable} (no answer: network error, timeout) may succeed
 * later and are retried. Messages never contain the webhook URL's path.
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

    /** Slack's error string (the answer's body, shortened), e.g. {@code no_service}, or why there was no answer. */
    public String error() {
        return error;
    }

    /** Slack refused the message; sending it again will not help. */
    public static final class Rejected extends SlackDeliveryException {
        public Rejected(int status, String error) {
            super("Slack answered HTTP " + status + ": " + error, status, error);
        }
    }

    /** Slack failed on its side (5xx); a later attempt may succeed. */
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
