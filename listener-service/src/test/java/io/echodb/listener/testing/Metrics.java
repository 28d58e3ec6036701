package io.echodb.listener.testing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Reads counters of the application under test. */
public final class Metrics {

    private Metrics() {}

    /** Current value of counter {@code name} with tag {@code key=value}; 0 when it was never incremented. */
    public static double counter(MeterRegistry registry, String name, String key, String value) {
        Counter counter = registry.find(name).tag(key, value).counter();
        return counter == null ? 0 : counter.count();
    }
}
