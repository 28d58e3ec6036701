package io.echodb.testing;

import java.time.Duration;

/**
 * The scoping every emulator fault offers ({@link FaultScope}): for the next N requests, for a while, or for a
 * share of requests. Subclasses are immutable; each method returns a changed copy.
 *
 * @param <F> the fault type itself
 */
public abstract class ScopedFault<F extends ScopedFault<F>> {

    /** Count, duration and probability. */
    public abstract FaultScope scope();

    /** This fault with scope {@code newScope}. */
    public abstract F withScope(FaultScope newScope);

    /** This fault for the next {@code n} matching requests only. */
    public F times(int n) {
        return withScope(scope().withTimes(n));
    }

    /** This fault for {@code duration} from when it is switched on. */
    public F forDuration(Duration duration) {
        return withScope(scope().withDuration(duration));
    }

    /** This fault for each matching request with probability {@code p} (an error rate). */
    public F withProbability(double p) {
        return withScope(scope().withProbability(p));
    }
}
