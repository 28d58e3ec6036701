package io.echodb.testing.slack;

import static io.echodb.testing.TestHttp.get;
import static io.echodb.testing.TestHttp.json;
import static io.echodb.testing.TestHttp.post;
import static io.echodb.testing.TestHttp.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackEmulatorTest {

    private static final String BEARER = "Bearer xoxb-0000-fake-token";

    private SlackEmulator slack;

    @BeforeEach
    void startEmulator() {
        slack = new SlackEmulator().start();
    }

    @AfterEach
    void stopEmulator() {
        slack.stop();
    }

    @Test
    void webhookAcceptsTextAndAnswersPlainOk() {
        HttpResponse<String> response = postJson(slack.webhookUrl(), "{\"text\":\"slot lag 6 GB\",\"username\":\"x\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(slack.messages()).singleElement().satisfies(message -> {
            assertThat(message.via()).isEqualTo(SlackMessage.Via.WEBHOOK);
            assertThat(message.channel()).isNull();
            assertThat(message.text()).isEqualTo("slot lag 6 GB");
            assertThat(message.payload().get("username").asText()).isEqualTo("x");
        });
    }

    @Test
    void webhookAcceptsBlocksWithoutText() {
        HttpResponse<String> response = postJson(
                slack.webhookUrl(),
                "{\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"hi\"}}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(slack.messages())
                .singleElement()
                .satisfies(message ->
                        assertThat(message.blocks().get(0).get("type").asText()).isEqualTo("section"));
    }

    @Test
    void webhookRejectsMalformedJsonWithInvalidPayload() {
        HttpResponse<String> response = postJson(slack.webhookUrl(), "{\"text\": \"unterminated");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("invalid_payload");
        assertThat(slack.messages()).isEmpty();
    }

    @Test
    void webhookWithoutTextOrBlocksIsRejectedWithMissingTextOrFallbackOrAttachments() {
        HttpResponse<String> response = postJson(slack.webhookUrl(), "{\"username\":\"echodb\",\"text\":\"\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("missing_text_or_fallback_or_attachments");
        assertThat(slack.messages()).isEmpty();
    }

    @Test
    void postMessageWithoutTokenIsNotAuthed() {
        HttpResponse<String> response =
                postJson(slack.baseUrl() + "/api/chat.postMessage", "{\"channel\":\"C0123456789\",\"text\":\"x\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("ok").asBoolean()).isFalse();
        assertThat(json(response).get("error").asText()).isEqualTo("not_authed");
        assertThat(slack.messages()).isEmpty();
    }

    @Test
    void postMessageWithoutChannelOrTextIsRefusedWithSlackErrors() {
        HttpResponse<String> noChannel = post(
                slack.baseUrl() + "/api/chat.postMessage",
                "application/json",
                "{\"text\":\"x\"}",
                "Authorization",
                BEARER);
        HttpResponse<String> noText = post(
                slack.baseUrl() + "/api/chat.postMessage",
                "application/json",
                "{\"channel\":\"C0123456789\"}",
                "Authorization",
                BEARER);

        assertThat(json(noChannel).get("error").asText()).isEqualTo("channel_not_found");
        assertThat(json(noText).get("error").asText()).isEqualTo("no_text");
        assertThat(slack.messages()).isEmpty();
    }

    @Test
    void postMessageAnswersOkWithUniqueIncreasingTsAndKeepsThreadTs() {
        // Two messages to one channel at once: this test is about ts and threads, SlackFaultsTest about pacing.
        slack.stopEnforcingRateLimit();
        JsonNode first = json(post(
                slack.baseUrl() + "/api/chat.postMessage",
                "application/json",
                "{\"channel\":\"C0123456789\",\"text\":\"first\"}",
                "Authorization",
                BEARER));
        JsonNode reply = json(post(
                slack.baseUrl() + "/api/chat.postMessage",
                "application/json",
                "{\"channel\":\"C0123456789\",\"text\":\"second\",\"thread_ts\":\""
                        + first.get("ts").asText() + "\"}",
                "Authorization",
                BEARER));

        assertThat(first.get("ok").asBoolean()).isTrue();
        assertThat(first.get("channel").asText()).isEqualTo("C0123456789");
        assertThat(first.get("ts").asText()).matches("\\d{10}\\.\\d{6}");
        assertThat(first.get("message").get("text").asText()).isEqualTo("first");
        assertThat(new BigDecimal(reply.get("ts").asText()))
                .isGreaterThan(new BigDecimal(first.get("ts").asText()));
        assertThat(reply.get("message").get("thread_ts").asText())
                .isEqualTo(first.get("ts").asText());
        assertThat(slack.messages())
                .extracting(SlackMessage::threadTs)
                .containsExactly(null, first.get("ts").asText());
    }

    @Test
    void postMessageAcceptsFormBodyWithTokenFieldAndNamesAChannelId() {
        JsonNode answer = json(post(
                slack.baseUrl() + "/api/chat.postMessage",
                "application/x-www-form-urlencoded",
                "token=xoxb-fake&channel=%23alerts&text=hello&blocks=%5B%5D"));

        assertThat(answer.get("ok").asBoolean()).isTrue();
        assertThat(answer.get("channel").asText()).matches("C[0-9A-F]{10}");
        assertThat(slack.messages()).singleElement().satisfies(message -> {
            assertThat(message.channel()).isEqualTo("#alerts");
            assertThat(message.payload().has("token")).isFalse();
        });
    }

    @Test
    void messagesEndpointListsEverythingOldestFirstAndResetClearsIt() {
        postJson(slack.webhookUrl(), "{\"text\":\"one\"}");
        post(
                slack.baseUrl() + "/api/chat.postMessage",
                "application/json",
                "{\"channel\":\"C0123456789\",\"text\":\"two\",\"blocks\":[{\"type\":\"divider\"}]}",
                "Authorization",
                BEARER);

        JsonNode listed = json(get(slack.baseUrl() + "/api/messages"));

        assertThat(listed).hasSize(2);
        JsonNode webhook = listed.get(0);
        assertThat(webhook.get("text").asText()).isEqualTo("one");
        assertThat(webhook.get("via").asText()).isEqualTo("webhook");
        assertThat(webhook.get("channel").isNull()).isTrue();
        assertThat(webhook.get("blocks").isNull()).isTrue();
        assertThat(webhook.get("threadTs").isNull()).isTrue();
        JsonNode posted = listed.get(1);
        assertThat(posted.get("via").asText()).isEqualTo("chat.postMessage");
        assertThat(posted.get("channel").asText()).isEqualTo("C0123456789");
        assertThat(posted.get("blocks").get(0).get("type").asText()).isEqualTo("divider");
        Instant receivedAt =
                OffsetDateTime.parse(posted.get("receivedAt").asText()).toInstant();
        assertThat(receivedAt).isBeforeOrEqualTo(Instant.now());
        assertThat(posted.get("receivedAt").asText()).endsWith("Z");

        assertThat(post(slack.baseUrl() + "/_emulator/reset", "application/json", "")
                        .statusCode())
                .isEqualTo(204);
        assertThat(json(get(slack.baseUrl() + "/api/messages"))).isEmpty();
    }

    @Test
    void unknownApiMethodAnswersLikeSlack() {
        JsonNode answer = json(post(slack.baseUrl() + "/api/chat.nonsense", "application/json", "{}"));

        assertThat(answer.get("error").asText()).isEqualTo("unknown_method");
    }
}
