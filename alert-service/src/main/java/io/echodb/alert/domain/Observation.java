package io.echodb.alert.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything one poll cycle read: the input of the alert rules. A target that could not be polled has an error
 * instead of a snapshot; alerts that depend on it are left as they are.
 *
 * @param at when the cycle's polls completed
 * @param sources each configured source, by name, in configuration order
 * @param peerdb PeerDB's mirrors; {@link Polled#disabled()} when PeerDB polling is off
 * @param mirrorService mirror-service's report; {@link Polled#disabled()} when no mirror-service URL is set
 */
public record Observation(
        Instant at,
        Map<String, Polled<SourceSnapshot>> sources,
        Polled<List<MirrorSample>> peerdb,
        Polled<MirrorServiceSnapshot> mirrorService) {

    /** The scopes ({@link Finding#scope()}) read successfully this cycle, plus {@link Finding#SELF}. */
    public Set<String> observedScopes() {
        Set<String> scopes = new TreeSet<>();
        scopes.add(Finding.SELF);
        sources.forEach((name, polled) -> polled.value().ifPresent(snapshot -> scopes.add(name)));
        peerdb.value().ifPresent(mirrors -> scopes.add(Finding.PEERDB));
        mirrorService.value().ifPresent(report -> scopes.add(Finding.MIRROR_SERVICE));
        return scopes;
    }

    /** The source snapshots read successfully, in configuration order. */
    public List<SourceSnapshot> sourceSnapshots() {
        return sources.values().stream()
                .flatMap(polled -> polled.value().stream())
                .toList();
    }

    /**
     * Outcome of polling one target.
     *
     * @param enabled whether the target is polled at all
     * @param snapshot what was read; {@code null} when the poll failed or is disabled
     * @param error why the poll failed; {@code null} when it succeeded or is disabled
     */
    public record Polled<T>(boolean enabled, T snapshot, String error) {

        /** A successful poll. */
        public static <T> Polled<T> of(T snapshot) {
            return new Polled<>(true, snapshot, null);
        }

        /** A failed poll. */
        public static <T> Polled<T> failed(String error) {
            return new Polled<>(true, null, error);
        }

        /** A target that is not polled. */
        public static <T> Polled<T> disabled() {
            return new Polled<>(false, null, null);
        }

        /** The snapshot, when the poll succeeded. */
        public Optional<T> value() {
            return Optional.ofNullable(snapshot);
        }

        /** Whether the target is polled and the poll failed. */
        public boolean failed() {
            return enabled && snapshot == null;
        }
    }
}
