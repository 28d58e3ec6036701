package io.echodb.mirror.service;

import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * One run of an operation guarded by {@code @Timeout} and {@code @Fallback}. SmallRye Fault Tolerance completes a
 * timed-out {@code Uni} operation with a failure but does not cancel the work behind it, so the operation's steps
 * check their attempt: once the attempt has ended (its fallback ran), no further step changes anything in PeerDB and
 * no poll goes on. A PeerDB request already being retried at that moment may still land; every such request is
 * safe to land late (a create answers 409 later, a pause or resume is a no-op in the wrong state, additions are
 * re-read before they are sent), and the next inventory corrects the records.
 */
public final class Attempt {

    private volatile boolean ended;

    /** A new, live attempt. */
    public static Attempt start() {
        return new Attempt();
    }

    /** The operation's outcome is decided: later steps do nothing. */
    public void end() {
        ended = true;
    }

    /** Whether the operation's outcome is decided already. */
    public boolean ended() {
        return ended;
    }

    /** {@code step}, unless the attempt ended: then a failure saying so, and {@code step} is not run. */
    public <T> Uni<T> then(Supplier<Uni<T>> step) {
        return Uni.createFrom().deferred(() -> ended
                ? Uni.createFrom().failure(new IllegalStateException("abandoned after the operation timed out"))
                : step.get());
    }
}
