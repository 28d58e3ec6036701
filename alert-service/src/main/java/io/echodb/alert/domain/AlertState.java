package io.echodb.alert.domain;

import java.util.Locale;

/** Where an alert is in its lifecycle (Alertmanager/Prometheus terms). */
public enum AlertState {
    /** The condition holds, its {@code for} has not elapsed yet. */
    PENDING,
    /** The condition held for its {@code for}: people are told. */
    FIRING,
    /** It fired and its condition cleared; kept until the resolved notification is delivered. */
    RESOLVED;

    /** Lower-case name, as stored and shown: {@code pending}, {@code firing}, {@code resolved}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
