package io.echodb.mirror.domain;

/** What happened to a table, as reported by listener-service (contracts.md §2). */
public enum EventType {
    /** The table was created ({@code CREATE TABLE}, {@code CREATE TABLE AS}, {@code SELECT INTO}). */
    CREATED,
    /** The table was dropped. Handled by a later issue; today it is only counted and logged. */
    DROPPED
}
