package io.echodb.mirror.domain;

/** What happened to a table, as reported by listener-service (contracts.md §2). */
public enum EventType {
    /** The table was created ({@code CREATE TABLE}, {@code CREATE TABLE AS}, {@code SELECT INTO}). */
    CREATED,
    /** The table was dropped ({@code sql_drop}); its mirror is retired unless {@code echodb.mirror.on-drop=keep}. */
    DROPPED
}
