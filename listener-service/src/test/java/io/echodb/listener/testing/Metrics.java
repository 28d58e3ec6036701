package io.echodb.listener.testing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Reads meters of the application under test. */
public final class Metrics {

    private Metrics() {}

    /**
     * Current value of counter {@code name} with all of {@code tags} (key, value, key, value…); 0 when it was
     * never incremented. Name every tag of the meter: Quarkus keeps the meters of earlier test applications in
     * Micrometer's global registry, so a partial match may find another series.
     */
    public static double counter(MeterRegistry registry, String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Number of recordings of timer {@code name} with tag {@code key=value}; 0 when there were none. */
    public static long timerCount(MeterRegistry registry, String name, String key, String value) {
        Timer timer = registry.find(name).tag(key, value).timer();
        return timer == null ? 0 : timer.count();
    }

    /** Current value of gauge {@code name} with tag {@code key=value}; NaN when there is none. */
    public static double gauge(MeterRegistry registry, String name, String key, String value) {
        Gauge gauge = registry.find(name).tag(key, value).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }
}
