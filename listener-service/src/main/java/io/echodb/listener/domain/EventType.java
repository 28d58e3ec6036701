package io.echodb.listener.domain;

/** What happened to a table: the {@code event} of a notification and the {@code type} of a {@link TableEvent}. */
public enum EventType {
    /** The table was created ({@code ddl_command_end} of CREATE TABLE, CREATE TABLE AS, SELECT INTO). */
    CREATED,
    /** The table was dropped ({@code sql_drop}). */
    DROPPED
}
