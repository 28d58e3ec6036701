package io.echodb.alert.domain;

/**
 * A change of an alert that people are told about.
 *
 * @param type what changed
 * @param alert the alert after the change
 * @param previousSeverity the severity before an {@link Type#ESCALATED} change; {@code null} otherwise
 */
public record AlertEvent(Type type, Alert alert, Severity previousSeverity) {

    /** What changed. */
    public enum Type {
        /** The alert started firing. */
        FIRING,
        /** The alert was firing and its severity rose. */
        ESCALATED,
        /** The alert stopped firing: its condition cleared or its subject is gone. */
        RESOLVED
    }
}
