package io.echodb.alert.service;

import static io.echodb.alert.SourceFixture.metrics;
import static io.echodb.alert.SourceFixture.prometheus;
import static io.echodb.alert.SourceFixture.sql;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.echodb.alert.AlertMetrics;
import io.echodb.alert.FastAlerting;
import io.echodb.alert.SlackLines;
import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.TestPostgres;
import io.echodb.testing.peerdb.FlowStatus;
import io.echodb.testing.peerdb.InjectPeerDbEmulator;
import io.echodb.testing.peerdb.PeerDbEmulator;
import io.echodb.testing.peerdb.PeerDbEmulatorTestResource;
import io.echodb.testing.slack.InjectSlackEmulator;
import io.echodb.testing.slack.SlackEmulator;
import io.echodb.testing.slack.SlackEmulatorTestResource;
import io.quarkus.logging.Log;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 1,000 replication slots and 1,000 PeerDB mirrors: one poll cycle still sends one statement to the source (counted
 * by the source client's wrapper, {@code echodb.alert.source.queries}) and one list call to PeerDB, plus one
 * status and one log call per failed mirror; 1,000 firing alerts reach Slack as a handful of grouped messages.
 * Not a timing test: it asserts counts only, and logs the figures.
 */
@QuarkusTest
@TestProfile(LoadTest.AtScale.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SlackEmulatorTestResource.class)
@WithTestResource(PeerDbEmulatorTestResource.class)
class LoadTest {

    private static final int SLOTS = 1000;
    private static final int MIRRORS = 1000;
    private static final int FAILED = 20;
    /** Successful polls each statement count spans at least. */
    private static final int WINDOW_POLLS = 5;

    private static final Pattern QUERIES =
            Pattern.compile(prometheus(AlertMetrics.SOURCE_QUERIES) + "_total\\{source=\"postgres_main\"} ([0-9.E]+)");
    private static final Pattern POLLS = Pattern.compile(prometheus(AlertMetrics.POLL)
            + "_seconds_count\\{outcome=\"success\",target=\"postgres_main\"} ([0-9.E]+)");

    /** PeerDB polled; retained-WAL alerts at once over 1 MiB; no repeats. */
    public static class AtScale extends FastAlerting {
        @Override
        protected Map<String, String> overrides() {
            return Map.of(
                    "echodb.alert.peerdb.enabled", "true",
                    "echodb.alert.rules.slot-retained-wal.for", "0s",
                    "echodb.alert.repeat-interval", "1h");
        }
    }

    @InjectSlackEmulator
    SlackEmulator slack;

    @InjectPeerDbEmulator
    PeerDbEmulator peerdb;

    @AfterEach
    void dropEverything() {
        sql("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name LIKE 'load\\_%'");
        peerdb.reset();
    }

    @Test
    void oneCycleCostsOneStatementPerSourceAndOneListCallWhateverTheScale() throws Exception {
        peerdb.reset();
        slack.reset();
        Window small = queriesPerPoll();

        sql("SELECT pg_create_physical_replication_slot('load_' || g, true) FROM generate_series(1, " + SLOTS + ") g");
        createMirrors();
        IntStream.range(0, FAILED)
                .forEach(i ->
                        peerdb.forceState("load_m_" + i, FlowStatus.STATUS_FAILED, "ERROR: load test failure " + i));
        sql("CREATE TABLE load_wal AS SELECT g, repeat('x', 1000) AS filler FROM generate_series(1, 5000) g");
        sql("SELECT pg_switch_wal()");

        await().atMost(Duration.ofSeconds(60)).until(() -> SlackLines.alerts(slack) == SLOTS + FAILED + 1);
        Map<String, Integer> before = requestCounts();
        Window large = queriesPerPoll();
        Map<String, Integer> after = requestCounts();
        int cycles = after.getOrDefault("/v1/mirrors/list", 0) - before.getOrDefault("/v1/mirrors/list", 0);
        int statusCalls = after.getOrDefault("/v1/mirrors/status", 0) - before.getOrDefault("/v1/mirrors/status", 0);
        int logCalls = after.getOrDefault("/v1/mirrors/logs", 0) - before.getOrDefault("/v1/mirrors/logs", 0);

        Log.infof(
                "Load test: statements per poll on the source: %.2f with no slots, %.2f with %d slots; PeerDB"
                        + " calls per cycle with %d mirrors (%d failed): list %.2f, status %.2f, logs %.2f; %d Slack"
                        + " messages carried %d firing alerts",
                small.perPoll(),
                large.perPoll(),
                SLOTS,
                MIRRORS,
                FAILED,
                1.0,
                (double) statusCalls / cycles,
                (double) logCalls / cycles,
                slack.messages().size(),
                SlackLines.alerts(slack));
        assertThat(small.oneStatementPerPoll())
                .as("statements per poll with no slots: %s", small)
                .isTrue();
        assertThat(large.oneStatementPerPoll())
                .as("statements per poll with %d slots: %s", SLOTS, large)
                .isTrue();
        assertThat(cycles).isPositive();
        // The count window cuts cycles at the list call, so the last cycle's per-mirror calls may fall outside it.
        assertThat(statusCalls).isBetween((cycles - 1) * FAILED, (cycles + 1) * FAILED);
        assertThat(logCalls).isBetween((cycles - 1) * FAILED, (cycles + 1) * FAILED);
        // Each message within Slack's total block-text limit carries a few dozen one-line alerts.
        assertThat(slack.messages().size()).isLessThanOrEqualTo(2 + (SLOTS + FAILED + 1) / 20 + 2);
    }

    /**
     * Statements sent to the source and successful polls over the next {@value #WINDOW_POLLS} polls or more, each end
     * read from one scrape. A poll can be in flight at either end (its statement counted, its success not yet), so
     * the statements may be one more or one less than the polls; a second statement per poll would double them.
     */
    private static Window queriesPerPoll() {
        double[] start = counts();
        await().atMost(Duration.ofSeconds(30)).until(() -> counts()[1] >= start[1] + WINDOW_POLLS);
        double[] end = counts();
        return new Window((long) (end[0] - start[0]), (long) (end[1] - start[1]));
    }

    /** Statements and successful polls of the source from one scrape of {@code /q/metrics}. */
    private static double[] counts() {
        String metrics = metrics();
        return new double[] {count(QUERIES, metrics), count(POLLS, metrics)};
    }

    /** What {@link #queriesPerPoll()} counted. */
    private record Window(long statements, long polls) {

        double perPoll() {
            return (double) statements / polls;
        }

        /** One statement per poll, give or take the poll in flight at each end. */
        boolean oneStatementPerPoll() {
            return polls >= WINDOW_POLLS && Math.abs(statements - polls) <= 1;
        }
    }

    private void createMirrors() throws InterruptedException {
        String database =
                ConfigProvider.getConfig().getValue(PeerDbEmulatorTestResource.SOURCE_DATABASE_PROPERTY, String.class);
        TestPostgres.shared()
                .execute(database, "CREATE TABLE IF NOT EXISTS public.load_orders (id bigint PRIMARY KEY)");
        ExecutorService creators = Executors.newFixedThreadPool(16);
        for (int i = 0; i < MIRRORS; i++) {
            String mirror = "load_m_" + i;
            creators.submit(() -> given().baseUri(peerdb.baseUrl())
                    .contentType(ContentType.JSON)
                    .body("""
                    {"connectionConfigs":{"flowJobName":"%s","sourceName":"postgres_main",
                     "destinationName":"clickhouse_analytics","doInitialSnapshot":true,"initialSnapshotOnly":true,
                     "skipValidation":true,"tableMappings":[{"sourceTableIdentifier":"public.load_orders",
                                       "destinationTableIdentifier":"%s"}]}}""".formatted(mirror, mirror))
                    .post("/v1/flows/cdc/create")
                    .then()
                    .statusCode(200));
        }
        creators.shutdown();
        assertThat(creators.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> peerdb.mirrors().size() == MIRRORS
                        && peerdb.mirrors().stream().allMatch(m -> m.status() == FlowStatus.STATUS_COMPLETED));
    }

    private Map<String, Integer> requestCounts() {
        return given().baseUri(peerdb.baseUrl())
                .get("/_emulator/request-counts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("", String.class, Integer.class);
    }

    private static double count(Pattern pattern, String metrics) {
        Matcher matcher = pattern.matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
