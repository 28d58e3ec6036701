package io.echodb.alert.service;

import io.echodb.alert.domain.Durations;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.MirrorServiceSnapshot.PauseCycle;
import io.echodb.alert.domain.Observation;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What EchoDB itself does to a mirror, from mirror-service's pause cycles ({@code GET /api/v1/status}): the
 * sentence and fact that slot and mirror alerts carry while mirror-service pauses a shared mirror to change its
 * tables, or PeerDB snapshots the added ones with the mirror's CDC on hold (docs/runbook.md, *slot-retained-wal* and *mirror-paused*).
 */
final class PauseContext {

    /** Name of the fact that says what EchoDB does to the mirror. */
    static final String FACT = "EchoDB change";

    /** Table names shown in the fact at most. */
    static final int NAMES_SHOWN = 10;

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private PauseContext() {}

    /** The pause cycles of the observation, by mirror; empty when mirror-service was not polled successfully. */
    static Map<String, PauseCycle> byMirror(Observation observation) {
        Map<String, PauseCycle> cycles = new LinkedHashMap<>();
        observation
                .mirrorService()
                .value()
                .ifPresent(report -> report.pauseCycles().forEach(cycle -> cycles.putIfAbsent(cycle.mirror(), cycle)));
        return cycles;
    }

    /**
     * The cycle of the mirror using slot {@code slot} of {@code source}: that mirror's when PeerDB names it, else
     * the one whose mirror has PeerDB's default slot name {@code peerflow_slot_<mirror>} on that source.
     */
    static Optional<PauseCycle> forSlot(Map<String, PauseCycle> cycles, String source, String slot, String mirror) {
        if (mirror != null) {
            return Optional.ofNullable(cycles.get(mirror));
        }
        return cycles.values().stream()
                .filter(cycle -> slot.equals("peerflow_slot_" + cycle.mirror()))
                .filter(cycle -> cycle.source() == null || cycle.source().equals(source))
                .findFirst();
    }

    /**
     * One sentence, e.g. {@code EchoDB is adding 3 tables to mirror m (snapshot running since 2026-12-08 01:02:03
     * UTC, 12m 5s).}
     */
    static String sentence(PauseCycle cycle, Instant now) {
        String change = change(cycle);
        if (!cycle.pausing()) {
            return "EchoDB is " + change + " mirror " + cycle.mirror() + " (snapshot running since "
                    + at(cycle.stepSince(), now) + "): its CDC is on hold and its slot retains WAL until the"
                    + " snapshot ends.";
        }
        String expected = cycle.expectedBy() == null
                ? ""
                : cycle.overdue(now)
                        ? "; it was expected to run again by " + UTC_TIME.format(cycle.expectedBy()) + ", "
                                + Durations.humanReadable(Duration.between(cycle.expectedBy(), now)) + " ago"
                        : "; expected to run again by " + UTC_TIME.format(cycle.expectedBy());
        return "EchoDB paused mirror " + cycle.mirror() + " at " + at(cycle.since(), now) + ", " + change + " it"
                + expected + ".";
    }

    /** {@code finding} with {@link #sentence} after its summary and the tables as fact {@link #FACT}. */
    static Finding explained(Finding finding, PauseCycle cycle, Instant now) {
        Map<String, String> facts = new LinkedHashMap<>(finding.facts());
        facts.put(FACT, fact(cycle));
        return new Finding(
                finding.key(),
                finding.severity(),
                finding.title(),
                finding.summary() + (finding.summary().endsWith(".") ? " " : ". ") + sentence(cycle, now),
                finding.hint(),
                facts,
                finding.scope(),
                finding.since());
    }

    private static String change(PauseCycle cycle) {
        if (cycle.tablesAdded() > 0) {
            return "adding " + tables(cycle.tablesAdded()) + " to";
        }
        return "removing " + tables(cycle.tablesRemoved().size()) + " from";
    }

    private static String fact(PauseCycle cycle) {
        List<String> names = cycle.tablesAdded() > 0 ? cycle.tablesAddedNames() : cycle.tablesRemoved();
        String shown = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())))
                + (names.size() > NAMES_SHOWN ? " and " + (names.size() - NAMES_SHOWN) + " more" : "");
        return (cycle.tablesAdded() > 0 ? "adding " : "removing ") + shown + " (step " + cycle.step() + " since "
                + UTC_TIME.format(cycle.stepSince()) + ")";
    }

    private static String tables(int count) {
        return count == 1 ? "1 table" : count + " tables";
    }

    private static String at(Instant at, Instant now) {
        return UTC_TIME.format(at) + ", " + Durations.humanReadable(Duration.between(at, now)) + " ago";
    }
}
