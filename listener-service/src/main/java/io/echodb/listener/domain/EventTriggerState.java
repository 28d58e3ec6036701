package io.echodb.listener.domain;

/** State of the {@code echodb_table_created} event trigger in the source database, from {@code pg_event_trigger}. */
public enum EventTriggerState {
    /** Present and enabled. */
    INSTALLED,
    /** Absent: new tables are only found by the inventory. */
    MISSING,
    /** Present but disabled ({@code evtenabled = 'D'}). */
    DISABLED,
    /** Not checked yet, or the check failed. */
    UNKNOWN
}
