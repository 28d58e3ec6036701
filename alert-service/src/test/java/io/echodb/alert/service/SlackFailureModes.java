package io.echodb.alert.service;

import static io.echodb.alert.SourceFixture.createSlotAndWriteWal;
import static io.echodb.alert.SourceFixture.dropSlots;
import static io.echodb.alert.SourceFixture.metrics;
import static io.echodb.alert.SourceFixture.prometheus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.echodb.alert.AlertMetrics;
import io.echodb.alert.FastAlerting;
import io.echodb.testing.slack.InjectSlackEmulator;
import io.echodb.testing.slack.SlackEmulator;
import io.echodb.testing.slack.SlackFault;
import io.echodb.testing.slack.SlackMessage;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Slack's failure modes (the Slack emulator's switches) against one transport; {@link SlackWebhookFailureTest}
 * and {@link SlackBotFailureTest} run them for webhooks and for the Web API. Sends go through
 * {@code POST /api/v1/test-notification}, which uses the same delivery as alerts.
 */
abstract class SlackFailureModes {

    @InjectSlackEmulator
    SlackEmulator slack;

    /** The permanent errors of this transport (each subclass also has a static {@code permanentErrors()}). */
    abstract List<String> permanentErrorsOfTransport();

    @BeforeEach
    void healthySlack() {
        slack.reset();
        testNotification().then().statusCode(200);
        slack.reset();
    }

    @AfterEach
    void dropSlot() {
        dropSlots(slot());
    }

    @Test
    void rateLimitWaitsItsRetryAfterAndDeliversOnce() {
        slack.addFault(SlackFault.rateLimited(Duration.ofSeconds(1)).times(1));
        Instant sent = Instant.now();

        testNotification().then().statusCode(200);

        assertThat(testMessages()).hasSize(1);
        assertThat(testMessages().getFirst().receivedAt()).isAfterOrEqualTo(sent.plusSeconds(1));
        assertThat(count("rate_limited")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void enforcedOneMessagePerSecondLosesNothing() {
        slack.enforceRateLimit();

        List<CompletableFuture<Integer>> sends = List.of(1, 2, 3).stream()
                .map(i -> CompletableFuture.supplyAsync(() -> testNotification().statusCode()))
                .toList();

        assertThat(sends).extracting(CompletableFuture::join).containsOnly(200);
        assertThat(testMessages()).hasSize(3);
    }

    @Test
    void serverErrorsAreRetriedWithBackoffAndDeliverOnce() {
        slack.addFault(SlackFault.serverError(503).times(2));

        testNotification().then().statusCode(200);

        assertThat(testMessages()).hasSize(1);
    }

    @Test
    void timeoutIsRetried() {
        slack.addFault(SlackFault.timeout(Duration.ofSeconds(5)).times(1));

        testNotification().then().statusCode(200);

        assertThat(testMessages()).hasSize(1);
        assertThat(count("unreachable")).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("permanentErrors")
    void permanentErrorIsNotRetriedTurnsReadinessRedAndClearsAfterASuccess(String error) {
        double before = count(error);
        slack.addFault(SlackFault.error(error));

        testNotification().then().statusCode(502).body("[0].error", startsWith("Slack answered HTTP "));

        assertThat(count(error)).isEqualTo(before + 1);
        given().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'slack-delivery' }.status", is("DOWN"));
        assertThat(metrics()).contains(prometheus(AlertMetrics.SLACK_FAILING) + " 1.0");

        slack.clearFaults();
        testNotification().then().statusCode(200);
        given().get("/q/health/ready").then().body("checks.find { it.name == 'slack-delivery' }.status", is("UP"));
        assertThat(metrics()).contains(prometheus(AlertMetrics.SLACK_FAILING) + " 0.0");
    }

    @Test
    void aMessageRefusedForItsBlocksFailsThatMessageOnlyAndReadinessStaysUp() {
        slack.addFault(SlackFault.error("invalid_blocks").times(1));

        testNotification().then().statusCode(502);

        given().get("/q/health/ready").then().body("checks.find { it.name == 'slack-delivery' }.status", is("UP"));
        assertThat(metrics()).contains(prometheus(AlertMetrics.SLACK_FAILING) + " 0.0");
    }

    @Test
    void refusedAlertIsNotSentAgainBeforeItsRepeatInterval() {
        String error = permanentErrorsOfTransport().getFirst();
        double before = count(error);
        slack.addFault(SlackFault.error(error));
        createSlotAndWriteWal(slot());

        await().atMost(Duration.ofSeconds(20)).until(() -> count(error) == before + 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(15)).until(() -> count(error) == before + 1);
        assertThat(slack.messages()).noneMatch(message -> message.text().contains(slot()));
    }

    abstract String slot();

    /** The test notifications received (alerts of other tests may still resolve meanwhile). */
    private List<SlackMessage> testMessages() {
        return slack.messages().stream()
                .filter(message -> message.text().startsWith("EchoDB alert-service test notification"))
                .toList();
    }

    static Response testNotification() {
        return given().header("X-EchoDB-Api-Key", FastAlerting.API_KEY).post("/api/v1/test-notification");
    }

    private static double count(String error) {
        Matcher matcher = Pattern.compile(prometheus(AlertMetrics.SLACK_ERRORS) + "_total\\{error=\""
                        + Pattern.quote(error) + "\"} ([0-9.E]+)")
                .matcher(metrics());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
