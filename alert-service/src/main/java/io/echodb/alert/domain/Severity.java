package io.echodb.alert.domain;

import java.util.Locale;

/** How urgent a firing alert is; declared from least to most urgent so {@link #compareTo} ranks them. */
public enum Severity {
    WARNING,
    CRITICAL;

    /** Lower-case name as shown in messages: {@code warning}, {@code critical}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this severity is more urgent than {@code other}. */
    public boolean isAbove(Severity other) {
        return compareTo(other) > 0;
    }
}
