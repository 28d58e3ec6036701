package io.echodb.alert.service;

import static io.echodb.alert.service.Observations.SOURCE;
import static io.echodb.alert.service.Observations.mirror;
import static io.echodb.alert.service.Observations.slot;
import static io.echodb.alert.service.Observations.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.config.AlertConfigs;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.MirrorSample;
import io.echodb.alert.domain.MirrorServiceSnapshot;
import io.echodb.alert.domain.MirrorServiceSnapshot.PauseCycle;
import io.echodb.alert.domain.Observation;
import io.echodb.alert.domain.Observation.Polled;
import io.echodb.alert.domain.Severity;
import io.echodb.alert.domain.SlotSample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rules while mirror-service pauses a shared mirror to add tables, or PeerDB snapshots them. */
class PauseCycleRulesTest {

    private static final Instant PAUSED_AT = Instant.parse("2026-12-08T01:00:00Z");
    private static final Instant EXPECTED_BY = PAUSED_AT.plusSeconds(300);
    private static final String MIRROR = "postgres_main_public";
    private static final String SLOT = "peerflow_slot_" + MIRROR;

    private final AlertConfig config = AlertConfigs.alertConfig(Map.of());
    private final MirrorPausedRule paused = new MirrorPausedRule(config);
    private final SlotRetainedWalRule retainedWal = new SlotRetainedWalRule(config);
    private final MirrorStuckRule stuck = new MirrorStuckRule(config);

    @Test
    void echoDbsOwnPauseWithinItsExpectedEndIsNoAlert() {
        Finding finding = only(paused.evaluate(
                observation(PAUSED_AT.plusSeconds(120), pausing(), List.of(pausedMirror()), new SlotSample[0])));

        assertThat(finding.firing()).isFalse();
        assertThat(finding.summary())
                .isEqualTo("EchoDB paused mirror postgres_main_public at 2026-12-08 01:00:00 UTC, 2m 0s ago, adding 3"
                        + " tables to it; expected to run again by 2026-12-08 01:05:00 UTC.");
    }

    @Test
    void aPauseThatOutlivesItsExpectedEndAlertsCountedFromThePauseWithItsStory() {
        Instant now = PAUSED_AT.plusSeconds(2 * 3600);

        Finding finding =
                only(paused.evaluate(observation(now, pausing(), List.of(pausedMirror()), new SlotSample[0])));

        assertThat(finding.severity()).isEqualTo(Severity.WARNING);
        assertThat(finding.since())
                .as("the mirror is paused since EchoDB paused it")
                .isEqualTo(PAUSED_AT);
        assertThat(finding.summary())
                .startsWith("Paused by EchoDB for 2h 0m, longer than expected. EchoDB paused mirror")
                .contains("it was expected to run again by 2026-12-08 01:05:00 UTC, 1h 55m ago");
        assertThat(finding.facts())
                .containsEntry(
                        PauseContext.FACT,
                        "adding public.a, public.b, public.c (step APPLYING since 2026-12-08 01:00:05 UTC)");
    }

    @Test
    void withoutMirrorServiceOrAnotherMirrorsCycleAPauseIsAsUsual() {
        Observation noMirrorService = new Observation(
                PAUSED_AT,
                Map.of(SOURCE, Polled.of(source(PAUSED_AT, 0))),
                Polled.of(List.of(pausedMirror())),
                Polled.failed("ConnectException: refused"));
        PauseCycle other = new PauseCycle(
                "other_mirror", SOURCE, 1, List.of("s.t"), List.of(), "APPLYING", PAUSED_AT, PAUSED_AT, EXPECTED_BY);

        assertThat(only(paused.evaluate(noMirrorService)).severity()).isEqualTo(Severity.WARNING);
        assertThat(only(paused.evaluate(observation(PAUSED_AT, other, List.of(pausedMirror()), new SlotSample[0])))
                        .summary())
                .isEqualTo("Paused for more than 30m 0s");
    }

    @Test
    void slotOfAMirrorWhoseAddedTablesAreSnapshottedSaysSo() {
        PauseCycle snapshot = new PauseCycle(
                MIRROR,
                SOURCE,
                3,
                List.of("public.a", "public.b", "public.c"),
                List.of(),
                PauseCycle.SNAPSHOT,
                PAUSED_AT,
                PAUSED_AT.plusSeconds(10),
                null);
        Instant now = PAUSED_AT.plusSeconds(610);
        MirrorSample snapshotting = mirror(MIRROR, "STATUS_SNAPSHOT");

        for (List<MirrorSample> peerdb : List.of(List.of(snapshotting), List.<MirrorSample>of())) {
            Finding finding =
                    only(retainedWal.evaluate(observation(now, snapshot, peerdb, slot(SLOT, 6_550_000_000L))));

            assertThat(finding.severity()).as("alerts as usual").isEqualTo(Severity.CRITICAL);
            assertThat(finding.summary())
                    .isEqualTo("6.1 GiB retained, critical threshold 4.9 GiB. EchoDB is adding 3 tables to mirror"
                            + " postgres_main_public (snapshot running since 2026-12-08 01:00:10 UTC, 10m 0s ago):"
                            + " its CDC is on hold and its slot retains WAL until the snapshot ends.");
        }
        assertThat(only(stuck.evaluate(observation(now, snapshot, List.of(snapshotting), new SlotSample[0])))
                        .facts())
                .containsKey(PauseContext.FACT);
        assertThat(only(retainedWal.evaluate(observation(now, snapshot, List.of(), slot("other_slot", 6_550_000_000L))))
                        .summary())
                .isEqualTo("6.1 GiB retained, critical threshold 4.9 GiB");
    }

    private static PauseCycle pausing() {
        return new PauseCycle(
                MIRROR,
                SOURCE,
                3,
                List.of("public.a", "public.b", "public.c"),
                List.of(),
                "APPLYING",
                PAUSED_AT,
                PAUSED_AT.plusSeconds(5),
                EXPECTED_BY);
    }

    private static MirrorSample pausedMirror() {
        return mirror(MIRROR, "STATUS_PAUSED");
    }

    private static Observation observation(
            Instant at, PauseCycle cycle, List<MirrorSample> mirrors, SlotSample... slots) {
        return new Observation(
                at,
                Map.of(SOURCE, Polled.of(source(at, 0, slots))),
                Polled.of(mirrors),
                Polled.of(new MirrorServiceSnapshot(List.of(), List.of(), List.of(), Map.of(), List.of(cycle))));
    }

    private static Finding only(List<Finding> findings) {
        assertThat(findings).hasSize(1);
        return findings.getFirst();
    }
}
