package io.echodb.alert.service;

import io.echodb.alert.domain.MirrorSample;
import io.echodb.alert.domain.MirrorServiceSnapshot;
import io.echodb.alert.domain.Observation;
import io.echodb.alert.domain.Observation.Polled;
import io.echodb.alert.domain.SlotSample;
import io.echodb.alert.domain.SourceSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Observations built by hand for unit tests of rules, lifecycle and formatting. */
final class Observations {

    static final String SOURCE = "postgres_main";

    private Observations() {}

    /** An inactive logical slot retaining {@code retainedBytes}. */
    static SlotSample slot(String name, long retainedBytes) {
        return new SlotSample(
                name,
                "pgoutput",
                "logical",
                "app",
                false,
                "extended",
                "0/1000000",
                "0/1000000",
                retainedBytes,
                retainedBytes,
                16_777_216L,
                null,
                null,
                null,
                null,
                null);
    }

    /** {@code slot} with {@code active}, {@code safe_wal_size} and {@code confirmed_flush} position replaced. */
    static SlotSample slot(String name, long retainedBytes, boolean active, Long safeWalSize, long confirmedFlush) {
        return new SlotSample(
                name,
                "pgoutput",
                "logical",
                "app",
                active,
                "reserved",
                "0/1000000",
                "0/1000000",
                retainedBytes,
                retainedBytes,
                confirmedFlush,
                safeWalSize,
                active ? "streaming" : null,
                null,
                null,
                null);
    }

    /** A source poll at {@code at} with WAL at {@code walPosition}. */
    static SourceSnapshot source(Instant at, long walPosition, SlotSample... slots) {
        return new SourceSnapshot(SOURCE, at, 17, walPosition, 10, slots.length, null, null, null, List.of(slots));
    }

    /** An observation of the one source only (PeerDB and mirror-service not polled). */
    static Observation of(SourceSnapshot snapshot) {
        return new Observation(
                snapshot.polledAt(), Map.of(SOURCE, Polled.of(snapshot)), Polled.disabled(), Polled.disabled());
    }

    /** An observation in which the source could not be polled. */
    static Observation sourceFailed(Instant at) {
        return new Observation(
                at, Map.of(SOURCE, Polled.failed("ConnectException: refused")), Polled.disabled(), Polled.disabled());
    }

    /** An observation of PeerDB's mirrors only (the source polled with no slots). */
    static Observation mirrors(Instant at, MirrorSample... mirrors) {
        return new Observation(
                at, Map.of(SOURCE, Polled.of(source(at, 0))), Polled.of(List.of(mirrors)), Polled.disabled());
    }

    /** An observation of mirror-service only. */
    static Observation mirrorService(Instant at, MirrorServiceSnapshot report) {
        return new Observation(at, Map.of(SOURCE, Polled.of(source(at, 0))), Polled.disabled(), Polled.of(report));
    }

    /** A mirror in {@code status}, with {@code errors} as its newest log lines. */
    static MirrorSample mirror(String name, String status, String... errors) {
        return new MirrorSample(
                name,
                SOURCE,
                "clickhouse_analytics",
                status,
                true,
                Instant.parse("2026-11-20T00:00:00Z"),
                "peerflow_slot_" + name,
                null,
                java.util.Arrays.stream(errors)
                        .map(error -> new MirrorSample.LogLine(Instant.parse("2026-11-21T09:59:00Z"), error))
                        .toList());
    }
}
