package io.echodb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.echodb.e2e.LocalStack;
import io.echodb.e2e.ServiceProcess;
import io.echodb.testing.peerdb.FlowStatus;
import io.echodb.testing.slack.SlackEmulator;
import io.echodb.testing.slack.SlackMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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
import org.awaitility.Awaitility;
import org.jboss.logging.Logger;

/**
 * An alert storm: {@code slots} replication slots over the retained-WAL threshold and {@code mirrors} failed PeerDB
 * mirrors at once, delivered by alert-service with a bot token to the Slack emulator (Slack's rate limit of one
 * message per second per channel and its size limits on). Delivery time = from the moment the last slot and mirror
 * are in place until every one of them is named in some accepted message; resolve time likewise after they clear.
 */
final class StormBenchmark {

    private static final Logger LOG = Logger.getLogger(StormBenchmark.class);
    private static final String ALERT = "alert-service";
    private static final Pattern SLOT = Pattern.compile("/bench_storm_(\\d+)\\b");
    private static final Pattern MIRROR = Pattern.compile("/bench_storm_m_(\\d+)\\b");

    private final LocalStack stack;

    StormBenchmark(LocalStack stack) {
        this.stack = stack;
    }

    /**
     * One storm.
     *
     * @param slots slot alerts
     * @param mirrors mirror alerts
     * @param deliverSeconds from the storm's start until every alert was named in Slack, s
     * @param messages messages Slack accepted for it (top-level)
     * @param largestBlockText the most characters of block text in one of them
     * @param resolveSeconds from the clearing until every resolve was in Slack, s
     * @param resolveMessages messages (replies) and updates the resolves took
     */
    record Result(
            int slots,
            int mirrors,
            double deliverSeconds,
            int messages,
            int largestBlockText,
            double resolveSeconds,
            int resolveMessages) {}

    Result run(int slots, int mirrors) throws SQLException, InterruptedException {
        SlackEmulator slack = stack.slack();
        stack.service(ALERT).close();
        ServiceProcess alert = stack.restartService(
                ALERT,
                Map.of(
                        "ECHODB_ALERT_SLACK_BOT_TOKEN", "xoxb-bench-token-not-a-secret",
                        "ECHODB_ALERT_SLACK_API_URL", slack.baseUrl() + "/api",
                        "ECHODB_ALERT_SLACK_CHANNEL", "#db-alerts",
                        "ECHODB_ALERT_RULES_SLOT_RETAINED_WAL_WARNING", "1M",
                        "ECHODB_ALERT_RULES_SLOT_RETAINED_WAL_FOR", "0s",
                        "ECHODB_ALERT_RULES_SLOT_INACTIVE_ENABLED", "false",
                        "ECHODB_ALERT_POLL_INTERVAL", "2s"));
        LOG.infof("storm: alert-service restarted with a bot token at %s", alert.baseUrl());
        createMirrors(mirrors);
        slack.reset();
        long start = System.nanoTime();
        try (Connection connection = stack.postgres().connect(LocalStack.DATABASE);
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_create_physical_replication_slot('bench_storm_' || g, true)"
                    + " FROM generate_series(1, " + slots + ") g");
            for (int i = 0; i < mirrors; i++) {
                stack.peerDb().forceState("bench_storm_m_" + i, FlowStatus.STATUS_FAILED, "ERROR: storm " + i);
            }
            statement.execute("CREATE TABLE bench_storm_wal AS SELECT g, repeat('x', 1000) AS filler"
                    + " FROM generate_series(1, 5000) g");
            statement.execute("SELECT pg_switch_wal()");
        }
        Awaitility.await()
                .atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> named(slack, SLOT, false).size() >= slots
                        && named(slack, MIRROR, false).size() >= mirrors);
        double deliver = (System.nanoTime() - start) / 1e9;
        List<SlackMessage> fired = slack.messages();
        int largest = fired.stream()
                .mapToInt(message -> texts(message.payload().get("blocks")).stream()
                        .mapToInt(String::length)
                        .sum())
                .max()
                .orElse(0);
        LOG.infof("storm: %d + %d alerts in %d messages in %.1f s", slots, mirrors, fired.size(), deliver);

        long clear = System.nanoTime();
        try (Connection connection = stack.postgres().connect(LocalStack.DATABASE);
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                    + " WHERE slot_name LIKE 'bench\\_storm\\_%'");
            statement.execute("DROP TABLE bench_storm_wal");
        }
        for (int i = 0; i < mirrors; i++) {
            stack.peerDb().forceState("bench_storm_m_" + i, FlowStatus.STATUS_RUNNING);
        }
        Awaitility.await()
                .atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> named(slack, SLOT, true).size() >= slots
                        && named(slack, MIRROR, true).size() >= mirrors);
        double resolve = (System.nanoTime() - clear) / 1e9;
        List<SlackMessage> all = slack.messages();
        int resolveMessages = all.size()
                - fired.size()
                + all.stream().mapToInt(message -> message.updates().size()).sum();
        LOG.infof("storm: every resolve in Slack after %.1f s (%d replies and updates)", resolve, resolveMessages);
        return new Result(slots, mirrors, deliver, fired.size(), largest, resolve, resolveMessages);
    }

    /** The numbers {@code pattern} finds in the accepted blocks; with {@code resolved}, on lines saying so. */
    private static Set<Integer> named(SlackEmulator slack, Pattern pattern, boolean resolved) {
        Set<Integer> found = new HashSet<>();
        for (SlackMessage message : slack.messages()) {
            for (String text :
                    texts(resolved ? message.blocks() : message.payload().get("blocks"))) {
                text.lines()
                        .filter(line -> !resolved || line.contains("RESOLVED") || line.contains("Resolved"))
                        .forEach(line -> {
                            Matcher matcher = pattern.matcher(line);
                            while (matcher.find()) {
                                found.add(Integer.parseInt(matcher.group(1)));
                            }
                        });
            }
        }
        return found;
    }

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

    /** {@code count} mirrors {@code bench_storm_m_<n>} in the PeerDB emulator, created through its API. */
    private void createMirrors(int count) throws InterruptedException, SQLException {
        try (Connection connection = stack.postgres().connect(LocalStack.DATABASE);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS public.bench_storm_orders (id bigint PRIMARY KEY)");
        }
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService creators = Executors.newFixedThreadPool(8);
        for (int i = 0; i < count; i++) {
            String mirror = "bench_storm_m_" + i;
            creators.submit(() -> http.send(
                    HttpRequest.newBuilder(URI.create(stack.peerDb().baseUrl() + "/v1/flows/cdc/create"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    """
                                    {"connectionConfigs":{"flowJobName":"%s","sourceName":"%s",
                                     "destinationName":"clickhouse_analytics","doInitialSnapshot":true,
                                     "initialSnapshotOnly":true,"skipValidation":true,"tableMappings":[
                                     {"sourceTableIdentifier":"public.bench_storm_orders",
                                      "destinationTableIdentifier":"%s"}]}}""".formatted(mirror, LocalStack.SOURCE_PEER, mirror)))
                            .build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        creators.shutdown();
        if (!creators.awaitTermination(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the storm's mirrors were not created within 2 minutes");
        }
        Awaitility.await()
                .atMost(Duration.ofMinutes(1))
                .until(() -> stack.peerDb().mirrors().stream()
                                .filter(mirror -> mirror.name().startsWith("bench_storm_m_"))
                                .count()
                        >= count);
    }
}
