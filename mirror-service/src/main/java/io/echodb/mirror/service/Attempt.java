package io.echodb.mirror.service;

import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * One run of an operation guarded by {@code @Timeout} and {@code @Fallback}. A timed-out {@code Uni} is not
 * cancelled, so each step checks its attempt: once the fallback ran, no further step changes anything in PeerDB.
 * A request already in flight may still land late, which every one of them tolerates (docs/architecture.md,
 * "Timeouts and late requests").
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
        return Uni.createFrom()
                .deferred(() -> ended
                        ? Uni.createFrom().failure(new IllegalStateException("abandoned after the operation timed out"))
                        : step.get());
    }
}
