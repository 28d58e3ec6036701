package io.echodb.alert.service;

import static io.echodb.alert.SourceFixture.metrics;
import static io.echodb.alert.SourceFixture.prometheus;
import static io.echodb.alert.SourceFixture.sql;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import io.echodb.alert.AlertMetrics;
import io.echodb.alert.FastAlerting;
import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.TestPostgres;
import io.echodb.testing.peerdb.FlowStatus;
import io.echodb.testing.peerdb.InjectPeerDbEmulator;
import io.echodb.testing.peerdb.PeerDbEmulator;
import io.echodb.testing.peerdb.PeerDbEmulatorTestResource;
import io.echodb.testing.slack.InjectSlackEmulator;
import io.echodb.testing.slack.SlackEmulator;
import io.echodb.testing.slack.SlackEmulatorTestResource;
import io.echodb.testing.slack.SlackFault;
import io.echodb.testing.slack.SlackMessage;
import io.quarkus.logging.Log;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A storm: 500 slots over the retained-WAL threshold and 200 failed mirrors at once, through chat.postMessage to the
 * Slack emulator with Slack's rate limit and size limits (it refuses what Slack refuses). Every alert reaches
 * Slack, no message is refused for its size, no destination is marked failing, and every resolve arrives. Also: a
 * message Slack refuses for its size is split and sent again, not given up.
 */
@QuarkusTest
@TestProfile(StormTest.Storm.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SlackEmulatorTestResource.class)
@WithTestResource(PeerDbEmulatorTestResource.class)
class StormTest {

    private static final int SLOTS = 500;
    private static final int MIRRORS = 200;
    private static final Pattern SLOT = Pattern.compile("storm_(\\d+)\\b");
    private static final Pattern MIRROR = Pattern.compile("storm_m_(\\d+)\\b");
    private static final Pattern REFUSED_SLOT = Pattern.compile("refused_(\\d+)\\b");

    /** Bot token, PeerDB polled, alerts at once, no repeats, Slack's own pacing (one message per second). */
    public static class Storm extends FastAlerting {
        @Override
        protected Map<String, String> overrides() {
            return Map.of(
                    "echodb.alert.slack.bot-token", "xoxb-test-token-not-a-secret",
                    "echodb.alert.slack.api-url", "${echodb.test.slack.url}/api",
                    "echodb.alert.slack.channel", "#db-alerts",
                    "echodb.alert.slack.min-interval", "1s",
                    "echodb.alert.peerdb.enabled", "true",
                    "echodb.alert.rules.slot-retained-wal.for", "0s",
                    "echodb.alert.rules.slot-retained-wal.critical", "150M",
                    "echodb.alert.repeat-interval", "1h");
        }
    }

    @InjectSlackEmulator
    SlackEmulator slack;

    @InjectPeerDbEmulator
    PeerDbEmulator peerdb;

    @jakarta.inject.Inject
    AlertStore store;

    @BeforeEach
    void quiet() {
        peerdb.reset();
        slack.reset();
    }

    @AfterEach
    void dropEverything() {
        sql(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                        + " WHERE slot_name LIKE 'storm\\_%' OR slot_name LIKE 'refused\\_%' OR slot_name LIKE 'escalated\\_%'");
        peerdb.reset();
        // The next test starts when this one's resolves went out: they would use up its failure switches.
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> store.alerts().await().atMost(Duration.ofSeconds(30)).values().stream()
                        .map(alert -> alert.key().subject())
                        .noneMatch(subject -> subject.contains("storm_")
                                || subject.contains("refused_")
                                || subject.contains("escalated_")));
    }

    @Test
    void aStormReachesSlackWholeWithinItsLimitsAndEveryResolveArrives() throws Exception {
        double splits = count(AlertMetrics.SLACK_SPLITS + "_total");
        createMirrors();
        Instant start = Instant.now();
        sql("SELECT pg_create_physical_replication_slot('storm_' || g, true) FROM generate_series(1, " + SLOTS + ") g");
        IntStream.range(0, MIRRORS)
                .forEach(i -> peerdb.forceState("storm_m_" + i, FlowStatus.STATUS_FAILED, "ERROR: storm " + i));
        sql("CREATE TABLE IF NOT EXISTS storm_wal AS SELECT g, repeat('x', 1000) AS filler"
                + " FROM generate_series(1, 5000) g");
        sql("SELECT pg_switch_wal()");

        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> named(SLOT).size() == SLOTS && named(MIRROR).size() == MIRRORS);
        Duration took = Duration.between(start, Instant.now());
        List<SlackMessage> fired = slack.messages();
        Log.infof(
                "Storm: %d slot and %d mirror alerts reached Slack in %d messages, %d s",
                SLOTS, MIRRORS, fired.size(), took.toSeconds());

        assertThat(fired).allSatisfy(message -> {
            assertThat(message.blocks()).hasSizeLessThanOrEqualTo(50);
            assertThat(totalText(message.blocks())).isLessThanOrEqualTo(SlackMessageFormatter.MAX_BLOCK_TEXT);
            assertThat(message.text()).hasSizeLessThanOrEqualTo(SlackMessageFormatter.MAX_FALLBACK);
        });
        assertThat(fired)
                .extracting(message ->
                        message.blocks().path(0).path("text").path("text").asText())
                .anyMatch(header -> header.contains(" · part 2 of ") && header.endsWith(" alerts"));
        assertThat(count(AlertMetrics.SLACK_SPLITS + "_total")).isEqualTo(splits);
        assertThat(metrics()).contains(prometheus(AlertMetrics.SLACK_FAILING) + " 0.0");
        given().get("/q/health/ready").then().body("checks.find { it.name == 'slack-delivery' }.status", is("UP"));

        sql("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name LIKE 'storm\\_%'");
        IntStream.range(0, MIRRORS).forEach(i -> peerdb.forceState("storm_m_" + i, FlowStatus.STATUS_RUNNING));

        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> resolved(SLOT).size() == SLOTS && resolved(MIRROR).size() == MIRRORS);
        assertThat(slack.messages()).allSatisfy(message -> {
            assertThat(totalText(message.blocks())).isLessThanOrEqualTo(SlackMessageFormatter.MAX_BLOCK_TEXT);
        });
        assertThat(count(AlertMetrics.SLACK_SPLITS + "_total")).isEqualTo(splits);
        assertThat(metrics()).contains(prometheus(AlertMetrics.SLACK_FAILING) + " 0.0");
    }

    @Test
    void aMessageSlackRefusesForItsSizeIsSplitAndSentAgainNotGivenUp() {
        double splits = count(AlertMetrics.SLACK_SPLITS + "_total");
        slack.addFault(SlackFault.error("msg_blocks_too_long")
                .on(SlackFault.Endpoint.CHAT_POST_MESSAGE)
                .times(1));

        sql("SELECT pg_create_physical_replication_slot('refused_' || g, true) FROM generate_series(1, 6) g");
        sql("CREATE TABLE IF NOT EXISTS storm_wal_2 AS SELECT g, repeat('x', 1000) AS filler"
                + " FROM generate_series(1, 5000) g");
        sql("SELECT pg_switch_wal()");

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> named(REFUSED_SLOT).size() == 6);
        assertThat(count(AlertMetrics.SLACK_SPLITS + "_total")).isEqualTo(splits + 1);
        assertThat(slack.messages()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(metrics()).contains(prometheus(AlertMetrics.SLACK_FAILING) + " 0.0");
        given().get("/q/health/ready").then().body("checks.find { it.name == 'slack-delivery' }.status", is("UP"));
    }

    @Test
    void oneAlertSlackRefusesWithBlocksArrivesAsPlainText() {
        slack.addFault(SlackFault.error("msg_blocks_too_long")
                .on(SlackFault.Endpoint.CHAT_POST_MESSAGE)
                .times(2));

        sql("SELECT pg_create_physical_replication_slot('refused_99', true)");
        sql("CREATE TABLE IF NOT EXISTS storm_wal_3 AS SELECT g, repeat('x', 1000) AS filler"
                + " FROM generate_series(1, 5000) g");
        sql("SELECT pg_switch_wal()");

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> slack.messages().stream()
                        .anyMatch(message ->
                                message.blocks() == null && message.text().contains("refused_99")));
        assertThat(metrics()).contains(prometheus(AlertMetrics.SLACK_FAILING) + " 0.0");
    }

    @Test
    void afterAnEscalationTheEarlierMessageNoLongerReadsFiring() {
        sql("SELECT pg_create_physical_replication_slot('escalated_1', true)");
        sql("CREATE TABLE storm_wal_4 AS SELECT g, repeat('x', 1000) AS filler FROM generate_series(1, 5000) g");
        sql("SELECT pg_switch_wal()");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> topLevelAbout("escalated_1").size() == 1);
        SlackMessage warning = topLevelAbout("escalated_1").getFirst();
        assertThat(warning.text()).startsWith("[WARNING] ");

        sql("CREATE TABLE storm_wal_5 AS SELECT g, repeat('x', 1000) AS filler FROM generate_series(1, 170000) g");
        sql("SELECT pg_switch_wal()");

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> topLevelAbout("escalated_1").size() == 2
                        && !current(warning).updates().isEmpty());
        sql("DROP TABLE storm_wal_4, storm_wal_5");
        SlackMessage critical = topLevelAbout("escalated_1").get(1);
        assertThat(critical.text()).startsWith("[CRITICAL (was warning)] ");
        SlackMessage edited = current(warning);
        assertThat(edited.text()).startsWith("Escalated to CRITICAL: Slot retained WAL · postgres_main/escalated_1");
        assertThat(edited.blocks().path(1).path("text").path("text").asText())
                .containsPattern("see the newer message in <#C[0-9A-F]{10}>");
    }

    private List<SlackMessage> topLevelAbout(String slot) {
        return slack.messages().stream()
                .filter(message -> message.threadTs() == null
                        && message.payload().path("text").asText().contains(slot))
                .toList();
    }

    private SlackMessage current(SlackMessage message) {
        return slack.messages().stream()
                .filter(m -> m.ts().equals(message.ts()))
                .findFirst()
                .orElseThrow();
    }

    /** The numbers of the subjects {@code pattern} finds in the block text of every message Slack accepted. */
    private Set<Integer> named(Pattern pattern) {
        Set<Integer> found = new HashSet<>();
        for (SlackMessage message : slack.messages()) {
            collect(pattern, texts(message.payload().get("blocks")), found);
        }
        return found;
    }

    /** As {@link #named}, in the lines that say RESOLVED of replies and of edited messages. */
    private Set<Integer> resolved(Pattern pattern) {
        Set<Integer> found = new HashSet<>();
        for (SlackMessage message : slack.messages()) {
            List<String> texts = new ArrayList<>(texts(message.blocks()));
            for (String text : texts) {
                text.lines()
                        .filter(line -> line.contains("RESOLVED") || line.contains("Resolved"))
                        .forEach(line -> collect(pattern, List.of(line), found));
            }
        }
        return found;
    }

    private static void collect(Pattern pattern, List<String> texts, Set<Integer> found) {
        for (String text : texts) {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                found.add(Integer.parseInt(matcher.group(1)));
            }
        }
    }

    /** Every {@code text} string in {@code blocks}, at any depth. */
    private static List<String> texts(JsonNode blocks) {
        List<String> texts = new ArrayList<>();
        if (blocks != null) {
            blocks.findValues("text").forEach(value -> {
                if (value.isTextual()) {
                    texts.add(value.textValue());
                } else {
                    texts.addAll(texts(value));
                }
            });
        }
        return texts;
    }

    /** What Slack counts against its total limit: the characters of every {@code text} string in the blocks. */
    private static int totalText(JsonNode blocks) {
        return texts(blocks).stream().mapToInt(String::length).sum();
    }

    private static double count(String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(prometheus(series)) + "(?:\\{[^}]*})? ([0-9.E]+)")
                .matcher(metrics());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private void createMirrors() throws InterruptedException {
        String database =
                ConfigProvider.getConfig().getValue(PeerDbEmulatorTestResource.SOURCE_DATABASE_PROPERTY, String.class);
        TestPostgres.shared()
                .execute(database, "CREATE TABLE IF NOT EXISTS public.storm_orders (id bigint PRIMARY KEY)");
        ExecutorService creators = Executors.newFixedThreadPool(16);
        for (int i = 0; i < MIRRORS; i++) {
            String mirror = "storm_m_" + i;
            creators.submit(() -> given().baseUri(peerdb.baseUrl())
                    .contentType(ContentType.JSON)
                    .body("""
                    {"connectionConfigs":{"flowJobName":"%s","sourceName":"postgres_main",
                     "destinationName":"clickhouse_analytics","doInitialSnapshot":true,"initialSnapshotOnly":true,
                     "skipValidation":true,"tableMappings":[{"sourceTableIdentifier":"public.storm_orders",
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
}
