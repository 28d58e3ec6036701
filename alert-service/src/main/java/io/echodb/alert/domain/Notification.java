package io.echodb.alert.domain;

/**
 * News about one alert that people must hear.
 *
 * @param type what happened
 * @param alert the alert after the change
 * @param previousSeverity the severity announced before an {@link Type#ESCALATED} change; {@code null} otherwise
 */
public record Notification(Type type, Alert alert, Severity previousSeverity) {

    /** What happened. */
    public enum Type {
        /** It started firing. */
        FIRING,
        /** It fires with a higher severity than announced. */
        ESCALATED,
        /** It still fires, {@code repeat-interval} after the last notification. */
        REPEAT,
        /** Its condition cleared or its subject is gone. */
        RESOLVED
    }
}
