package io.echodb.alert.service;

import static io.echodb.alert.service.Observations.mirror;
import static io.echodb.alert.service.Observations.mirrorService;
import static io.echodb.alert.service.Observations.of;
import static io.echodb.alert.service.Observations.slot;
import static io.echodb.alert.service.Observations.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.config.AlertConfigs;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.MirrorServiceSnapshot;
import io.echodb.alert.domain.MirrorServiceSnapshot.DeadLetter;
import io.echodb.alert.domain.MirrorServiceSnapshot.SkippedTable;
import io.echodb.alert.domain.MirrorServiceSnapshot.UnmirroredTable;
import io.echodb.alert.domain.Severity;
import io.echodb.alert.domain.SlotSample;
import io.echodb.alert.domain.SourceSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Rules on hand-made observations: what each finds, with which severity, summary and since. */
class RulesTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final long MIB = 1024 * 1024;

    private final AlertConfig config =
            AlertConfigs.alertConfig(Map.of("echodb.alert.rules.slot-time-to-exhaustion.rate-window", "10m"));

    @Test
    void timeToExhaustionDividesSafeWalSizeByTheMeasuredGrowth() {
        SlotHistory history = new SlotHistory(config);
        SlotTimeToExhaustionRule rule = new SlotTimeToExhaustionRule(config, history);
        long safe = 3600L * MIB;

        assertThat(evaluate(rule, history, T0, 100 * MIB, safe)).isEmpty();
        List<Finding> findings = evaluate(rule, history, T0.plusSeconds(60), 160 * MIB, safe);

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(finding.summary()).isEqualTo("Lost in about 1h 0m at 1.0 MiB/s (3.5 GiB safe WAL left)");
        });
        assertThat(evaluate(rule, history, T0.plusSeconds(120), 161 * MIB, 100_000 * MIB))
                .singleElement()
                .satisfies(finding -> assertThat(finding.severity()).isNull());
    }

    @Test
    void timeToExhaustionNeedsASafeWalSize() {
        SlotHistory history = new SlotHistory(config);
        SlotTimeToExhaustionRule rule = new SlotTimeToExhaustionRule(config, history);

        evaluate(rule, history, T0, 100 * MIB, null);

        assertThat(evaluate(rule, history, T0.plusSeconds(60), 900 * MIB, null)).isEmpty();
    }

    @Test
    void historyKeepsAtMostItsBoundPerSlotAndForgetsDroppedSlots() {
        SlotHistory history = new SlotHistory(
                AlertConfigs.alertConfig(Map.of("echodb.alert.rules.slot-time-to-exhaustion.rate-window", "100d")));
        IntStream.range(0, 500)
                .forEach(i ->
                        history.record(of(source(T0.plusSeconds(i), i, slot("s1", i * MIB), slot("s2", i * MIB)))));

        assertThat(history.size()).isEqualTo(2 * SlotHistory.MAX_SAMPLES);

        history.record(of(source(T0.plusSeconds(600), 600, slot("s1", MIB))));
        assertThat(history.size()).isEqualTo(SlotHistory.MAX_SAMPLES);
        assertThat(history.previous("postgres_main", "s2")).isEmpty();
    }

    @Test
    void historyRingSpansTheRateWindowAtThePollInterval() {
        assertThat(SlotHistory.capacity(Duration.ofMinutes(15), Duration.ofSeconds(30)))
                .isEqualTo(32);
        assertThat(SlotHistory.capacity(Duration.ofMinutes(15), Duration.ofSeconds(5)))
                .isEqualTo(SlotHistory.MAX_SAMPLES);
        assertThat(SlotHistory.capacity(Duration.ofMinutes(15), Duration.ofHours(1)))
                .isEqualTo(3);
    }

    @Test
    void growthRateAndPreviousSampleStayRightAfterTheRingWrapsAround() {
        SlotHistory history = new SlotHistory(config); // 10m window, 30 s polls: 22 samples per slot
        for (int i = 0; i <= 100; i++) {
            long retained = i * MIB;
            history.record(of(source(T0.plusSeconds(30L * i), i, slot("s1", retained, i % 2 == 0, null, i))));
        }

        assertThat(history.size()).isEqualTo(history.capacity()).isEqualTo(22);
        assertThat(history.retainedGrowthPerSecond("postgres_main", "s1", Duration.ofMinutes(10)))
                .hasValueSatisfying(rate -> assertThat(rate).isCloseTo(MIB / 30.0, within(0.001)));
        assertThat(history.previous("postgres_main", "s1")).hasValueSatisfying(previous -> {
            assertThat(previous.at()).isEqualTo(T0.plusSeconds(30L * 99));
            assertThat(previous.retainedWalBytes()).isEqualTo(99 * MIB);
            assertThat(previous.confirmedFlushPosition()).isEqualTo(99L);
            assertThat(previous.active()).isFalse();
        });
    }

    @Test
    void failedMirrorCarriesItsNewestErrorAndOthersDoNotFire() {
        MirrorFailedRule rule = new MirrorFailedRule(config);

        List<Finding> findings = rule.evaluate(Observations.mirrors(
                T0,
                mirror("orders", "STATUS_FAILED", "ERROR: relation \"orders\" does not exist\nDETAIL: …", "older"),
                mirror("users", "STATUS_RUNNING")));

        assertThat(findings).hasSize(2);
        assertThat(findings.get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(findings.get(0).summary())
                .isEqualTo("PeerDB reports STATUS_FAILED: ERROR: relation \"orders\" does not exist");
        assertThat(findings.get(0).facts().get("Last error")).contains("older");
        assertThat(findings.get(0).key().labels())
                .containsExactly(Map.entry("source", "postgres_main"), Map.entry("mirror", "orders"));
        assertThat(findings.get(1).firing()).isFalse();
    }

    @Test
    void unmirroredTablesCountFromEligibleSinceAndSkippedTablesAreToldOnce() {
        Instant eligible = T0.minus(Duration.ofMinutes(30));
        MirrorServiceSnapshot report = new MirrorServiceSnapshot(
                List.of(),
                List.of(new SkippedTable("postgres_main", "public", "logs", "LISTENER", "no primary key", T0)),
                List.of(new UnmirroredTable("postgres_main", "public", "orders", eligible, "PeerDB unavailable")),
                Map.of());

        Finding unmirrored = new TableUnmirroredRule(config)
                .evaluate(mirrorService(T0, report))
                .getFirst();
        TableSkippedRule skipped = new TableSkippedRule(config);

        assertThat(unmirrored.since()).isEqualTo(eligible);
        assertThat(unmirrored.key().labels()).containsEntry("table", "public.orders");
        assertThat(unmirrored.summary()).endsWith("last error: PeerDB unavailable");
        assertThat(skipped.evaluate(mirrorService(T0, report)).getFirst().summary())
                .isEqualTo("Not mirrored: no primary key");
        assertThat(skipped.settings().repeatInterval()).isZero();
        assertThat(skipped.settings().sendResolved()).isFalse();
    }

    @Test
    void autoMirrorFailsOnDeadLettersOrAnOpenBreaker() {
        AutoMirrorFailingRule rule = new AutoMirrorFailingRule(config);
        DeadLetter letter = new DeadLetter(
                "1",
                "postgres_main",
                "public",
                "orders",
                "orders_mirror",
                "CREATE_MIRROR",
                5,
                "503 maintenance",
                T0,
                T0);

        Finding letters = rule.evaluate(mirrorService(
                        T0,
                        new MirrorServiceSnapshot(
                                List.of(letter), List.of(), List.of(), Map.of("peerdb-create", "CLOSED"))))
                .getFirst();
        Finding breaker = rule.evaluate(mirrorService(
                        T0,
                        new MirrorServiceSnapshot(List.of(), List.of(), List.of(), Map.of("peerdb-create", "OPEN"))))
                .getFirst();
        Finding healthy = rule.evaluate(mirrorService(
                        T0,
                        new MirrorServiceSnapshot(
                                List.of(), List.of(), List.of(), Map.of("peerdb-create", "HALF_OPEN"))))
                .getFirst();

        assertThat(letters.summary()).isEqualTo("1 dead letter");
        assertThat(letters.facts().get("Newest dead letters"))
                .isEqualTo("CREATE_MIRROR public.orders (orders_mirror): 503 maintenance");
        assertThat(breaker.summary()).isEqualTo("0 dead letters, circuit breaker open: peerdb-create");
        assertThat(healthy.firing()).isFalse();
    }

    @Test
    void anInactiveSlotOnPostgres18SaysWhenIdleReplicationSlotTimeoutInvalidatesIt() {
        Instant inactiveSince = T0.minusSeconds(15 * 60);
        var slot = new io.echodb.alert.domain.SlotSample(
                "peerflow_slot_orders",
                "pgoutput",
                "logical",
                "app",
                false,
                "extended",
                "0/1000000",
                "0/1000000",
                MIB,
                MIB,
                16_777_216L,
                null,
                null,
                inactiveSince,
                null,
                null);
        var on18 = new io.echodb.alert.domain.SourceSnapshot(
                "postgres_main", T0, 18, 0, 10, 1, null, null, java.time.Duration.ofHours(1), List.of(slot));
        var on17 = new io.echodb.alert.domain.SourceSnapshot(
                "postgres_main", T0, 17, 0, 10, 1, null, null, null, List.of(slot));

        Finding finding = new SlotInactiveRule(config).evaluate(of(on18)).getFirst();

        assertThat(finding.summary())
                .isEqualTo("No consumer connected for 15m 0s; PostgreSQL invalidates it once idle for 1h 0m");
        assertThat(finding.facts())
                .containsEntry(
                        "Invalidated by PostgreSQL after",
                        "at the first checkpoint after 2026-11-21T10:45:00Z (idle_replication_slot_timeout = 1h 0m)");
        assertThat(new SlotInactiveRule(config).evaluate(of(on17)).getFirst().summary())
                .isEqualTo("No consumer connected for 15m 0s");
    }

    @Test
    void beforePostgres17AnInactiveSlotCountsFromTheFirstPollThatSawItAndForgetsItWhenActiveOrGone() {
        SlotInactiveRule rule = new SlotInactiveRule(config);
        var inactive = slot("peerflow_slot_orders", MIB);
        var active = slot("peerflow_slot_orders", MIB, true, null, 16_777_216L);

        assertThat(rule.evaluate(of(on16(T0, inactive))).getFirst().summary()).isEqualTo("No consumer connected");
        Finding later = rule.evaluate(of(on16(T0.plusSeconds(754), inactive))).getFirst();
        assertThat(later.summary()).isEqualTo("No consumer connected for at least 12m 34s");
        assertThat(later.facts())
                .containsEntry(
                        "Seen inactive since",
                        T0 + " (PostgreSQL 16 has no inactive_since: counted from alert-service's polls)");

        rule.evaluate(of(on16(T0.plusSeconds(800), active)));
        assertThat(rule.evaluate(of(on16(T0.plusSeconds(900), inactive)))
                        .getFirst()
                        .summary())
                .isEqualTo("No consumer connected");
        rule.evaluate(of(on16(T0.plusSeconds(950))));
        assertThat(rule.evaluate(of(on16(T0.plusSeconds(1000), inactive)))
                        .getFirst()
                        .summary())
                .isEqualTo("No consumer connected");
    }

    /** A poll of a PostgreSQL 16 source (no inactive_since). */
    private static SourceSnapshot on16(Instant at, SlotSample... slots) {
        return new SourceSnapshot("postgres_main", at, 16, 0, 10, slots.length, null, null, null, List.of(slots));
    }

    @Test
    void capacityAndConnectionsAreJudgedPerSource() {
        var snapshot =
                new io.echodb.alert.domain.SourceSnapshot("postgres_main", T0, 17, 0, 10, 8, null, 6, null, List.of());

        assertThat(new SlotCapacityRule(config)
                        .evaluate(of(snapshot))
                        .getFirst()
                        .summary())
                .isEqualTo("8 of 10 replication slots in use (80 %), threshold 80 %");
        assertThat(new OpenConnectionsRule(config)
                        .evaluate(of(snapshot))
                        .getFirst()
                        .severity())
                .isEqualTo(Severity.WARNING);
    }

    private static List<Finding> evaluate(
            SlotTimeToExhaustionRule rule, SlotHistory history, Instant at, long retained, Long safe) {
        var observation = of(source(at, 0, slot("s1", retained, false, safe, 0)));
        history.record(observation);
        return rule.evaluate(observation);
    }
}
