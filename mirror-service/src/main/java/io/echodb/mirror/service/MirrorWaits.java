package io.echodb.mirror.service;

import io.echodb.common.peerdb.FlowStatus;
import io.echodb.mirror.client.MirrorStatusResponse;
import io.echodb.mirror.client.PeerDbClient;
import io.echodb.mirror.config.MirrorConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Waits for a mirror to reach a state by polling {@code POST /v1/mirrors/status} (state only) every
 * {@code echodb.mirror.peerdb.poll-interval}, until the state is reached or the caller's {@link Attempt} ends (the
 * caller's {@code @Timeout}).
 */
@ApplicationScoped
public class MirrorWaits {

    private final PeerDbClient peerDb;
    private final MirrorConfig config;

    MirrorWaits(PeerDbClient peerDb, MirrorConfig config) {
        this.peerDb = peerDb;
        this.config = config;
    }

    /**
     * The first status of {@code mirror} that {@code done} accepts (empty = PeerDB does not know the mirror).
     * Fails when a status request fails after its retries, or when {@code attempt} ends (polling stops then).
     */
    public Uni<Optional<MirrorStatusResponse>> until(
            String mirror, Predicate<Optional<MirrorStatusResponse>> done, Attempt attempt) {
        return attempt.then(() -> peerDb.mirrorStatus(mirror))
                .repeat()
                .withDelay(config.peerdb().pollInterval())
                .indefinitely()
                .select()
                .where(done)
                .select()
                .first()
                .toUni();
    }

    /** Waits until PeerDB no longer knows {@code mirror} (a terminated mirror's row is deleted). */
    public Uni<Void> gone(String mirror, Attempt attempt) {
        return until(mirror, Optional::isEmpty, attempt).replaceWithVoid();
    }

    /**
     * Waits until {@code mirror} is in a state {@code accepted}; fails with {@link IllegalStateException} when it
     * disappears or reaches a final state ({@link FlowStatus#isFinal()}) instead.
     */
    public Uni<FlowStatus> state(String mirror, Predicate<FlowStatus> accepted, Attempt attempt) {
        return until(
                        mirror,
                        status -> status.isEmpty()
                                || status.get().state().isFinal()
                                || accepted.test(status.get().state()),
                        attempt)
                .map(status -> {
                    FlowStatus state = status.map(MirrorStatusResponse::state).orElse(null);
                    if (state == null || !accepted.test(state)) {
                        throw new IllegalStateException("mirror " + mirror + " is "
                                + (state == null ? "gone" : state.name()) + " while EchoDB waited for it");
                    }
                    return state;
                });
    }
}
