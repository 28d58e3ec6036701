package io.echodb.testing.slack;

import static io.echodb.testing.TestHttp.get;
import static io.echodb.testing.TestHttp.json;
import static io.echodb.testing.TestHttp.post;
import static io.echodb.testing.TestHttp.postJson;
import static io.echodb.testing.TestHttp.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.echodb.testing.ActiveFault;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlackFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BEARER = "Bearer xoxb-0000-fake-token";
    private static final Duration AT_MOST = Duration.ofSeconds(10);

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
    void rateLimitedPostMessageAnswers429WithRetryAfterAndPostsNothing() {
        slack.addFault(SlackFault.rateLimited(Duration.ofSeconds(2)).times(1));

        HttpResponse<String> limited = postMessage("{\"channel\":\"#alerts\",\"text\":\"slot lag\"}");
        HttpResponse<String> next = postMessage("{\"channel\":\"#alerts\",\"text\":\"slot lag\"}");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(json(limited).get("ok").asBoolean()).isFalse();
        assertThat(json(limited).get("error").asText()).isEqualTo("ratelimited");
        assertThat(json(next).get("ok").asBoolean()).isTrue();
        assertThat(slack.messages()).hasSize(1);
    }

    @Test
    void rateLimitedWebhookAnswers429WithRetryAfter() {
        slack.addFault(SlackFault.rateLimited().on(SlackFault.Endpoint.WEBHOOK));

        HttpResponse<String> limited = postJson(slack.webhookUrl(), "{\"text\":\"slot lag\"}");
        HttpResponse<String> viaApi = postMessage("{\"channel\":\"#alerts\",\"text\":\"slot lag\"}");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json(limited).get("error").asText()).isEqualTo("rate_limited");
        assertThat(json(limited).get("retry_after").asInt()).isEqualTo(1);
        assertThat(json(viaApi).get("ok").asBoolean()).isTrue();
        assertThat(slack.messages()).extracting(SlackMessage::via).containsExactly(SlackMessage.Via.CHAT_POST_MESSAGE);
    }

    @Test
    void enforcedRateLimitAllowsOneMessagePerIntervalPerChannel() {
        slack.enforceRateLimit(Duration.ofMillis(1500), 1);

        HttpResponse<String> first = postMessage("{\"channel\":\"#alerts\",\"text\":\"one\"}");
        HttpResponse<String> second = postMessage("{\"channel\":\"#alerts\",\"text\":\"two\"}");
        HttpResponse<String> otherChannel = postMessage("{\"channel\":\"#ops\",\"text\":\"three\"}");
        HttpResponse<String> webhookFirst = postJson(slack.webhookUrl(), "{\"text\":\"four\"}");
        HttpResponse<String> webhookSecond = postJson(slack.webhookUrl(), "{\"text\":\"five\"}");

        assertThat(json(first).get("ok").asBoolean()).isTrue();
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
        assertThat(json(otherChannel).get("ok").asBoolean()).isTrue();
        assertThat(webhookFirst.statusCode()).isEqualTo(200);
        assertThat(webhookSecond.statusCode()).isEqualTo(429);
        await().atMost(AT_MOST)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> postMessage("{\"channel\":\"#alerts\",\"text\":\"two again\"}")
                                .statusCode()
                        == 200);
        assertThat(slack.messages())
                .extracting(SlackMessage::text)
                .containsExactly("one", "three", "four", "two again");
    }

    @Test
    void slacksRateLimitIsOnByDefaultAndAgainAfterReset() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(postMessage("{\"channel\":\"#alerts\",\"text\":\"m" + i + "\"}")
                    .statusCode());
        }
        slack.stopEnforcingRateLimit();
        slack.reset();
        for (int i = 0; i < 3; i++) {
            statuses.add(postMessage("{\"channel\":\"#alerts\",\"text\":\"r" + i + "\"}")
                    .statusCode());
        }

        assertThat(statuses).containsExactly(200, 200, 429, 200, 200, 429);
        assertThat(slack.messages()).extracting(SlackMessage::text).containsExactly("r0", "r1");
    }

    @Test
    void chatUpdateIsLimitedAtTier3() {
        String ts = json(postMessage("{\"channel\":\"#alerts\",\"text\":\"x\"}"))
                .get("ts")
                .asText();

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            statuses.add(update("{\"channel\":\"#alerts\",\"ts\":\"" + ts + "\",\"text\":\"v" + i + "\"}")
                    .statusCode());
        }

        assertThat(statuses.subList(0, 50)).containsOnly(200);
        assertThat(statuses.get(50)).isEqualTo(429);
        assertThat(slack.messages())
                .singleElement()
                .satisfies(message -> assertThat(message.updates()).hasSize(50));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "invalid_auth",
                "account_inactive",
                "token_revoked",
                "channel_not_found",
                "not_in_channel",
                "is_archived",
                "msg_too_long",
                "invalid_blocks",
                "no_text"
            })
    void permanentWebApiErrorsAnswer200WithOkFalse(String error) {
        slack.addFault(SlackFault.error(error));

        HttpResponse<String> answer = postMessage("{\"channel\":\"#alerts\",\"text\":\"slot lag\"}");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json(answer).get("ok").asBoolean()).isFalse();
        assertThat(json(answer).get("error").asText()).isEqualTo(error);
        assertThat(slack.messages()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "invalid_token,403",
        "no_service,404",
        "channel_not_found,404",
        "channel_is_archived,410",
        "action_prohibited,403",
        "posting_to_general_channel_denied,403",
        "too_many_attachments,400",
        "missing_text_or_fallback_or_attachments,400",
        "invalid_payload,400",
        "rollup_error,500"
    })
    void webhookErrorsAnswerPlainTextWithTheirStatus(String error, int status) {
        slack.addFault(SlackFault.error(error));

        HttpResponse<String> answer = postJson(slack.webhookUrl(), "{\"text\":\"slot lag\"}");

        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.body()).isEqualTo(error);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(slack.messages()).isEmpty();
    }

    @Test
    void anErrorHitsOnlyTheTransportsThatHaveItAndWaitsForThem() {
        slack.addFault(SlackFault.error("is_archived").times(1));

        HttpResponse<String> webhook = postJson(slack.webhookUrl(), "{\"text\":\"webhooks have no is_archived\"}");

        assertThat(webhook.statusCode()).isEqualTo(200);
        assertThat(slack.faults())
                .singleElement()
                .extracting(ActiveFault::remaining)
                .isEqualTo(1);
        assertThat(json(postMessage("{\"channel\":\"#alerts\",\"text\":\"x\"}"))
                        .get("error")
                        .asText())
                .isEqualTo("is_archived");
        assertThat(slack.faults()).isEmpty();
        assertThatThrownBy(() -> SlackFault.error("no_such_error")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void customErrorsUseTheirTransportOnly() {
        slack.addFault(SlackFault.apiError("team_added_to_org"));
        slack.addFault(SlackFault.webhookError(403, "team_disabled"));

        assertThat(json(postMessage("{\"channel\":\"#alerts\",\"text\":\"x\"}"))
                        .get("error")
                        .asText())
                .isEqualTo("team_added_to_org");
        HttpResponse<String> webhook = postJson(slack.webhookUrl(), "{\"text\":\"x\"}");
        assertThat(webhook.statusCode()).isEqualTo(403);
        assertThat(webhook.body()).isEqualTo("team_disabled");
    }

    @Test
    void serverErrorsAnswer5xxInEachTransportsShape() {
        slack.addFault(SlackFault.serverError(503)
                .on(SlackFault.Endpoint.CHAT_POST_MESSAGE)
                .times(1));
        slack.addFault(
                SlackFault.serverError(500).on(SlackFault.Endpoint.WEBHOOK).times(1));

        HttpResponse<String> api = postMessage("{\"channel\":\"#alerts\",\"text\":\"x\"}");
        HttpResponse<String> webhook = postJson(slack.webhookUrl(), "{\"text\":\"x\"}");

        assertThat(api.statusCode()).isEqualTo(503);
        assertThat(json(api).get("error").asText()).isEqualTo("service_unavailable");
        assertThat(webhook.statusCode()).isEqualTo(500);
        assertThat(webhook.body()).isEqualTo("rollup_error");
        assertThat(slack.messages()).isEmpty();
        assertThatThrownBy(() -> SlackFault.serverError(404)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFaultCanBeNarrowedToOneChannelGivenByNameOrId() {
        slack.addFault(SlackFault.error("not_in_channel").inChannel("#private"));

        String alertsId = json(postMessage("{\"channel\":\"#alerts\",\"text\":\"x\"}"))
                .get("channel")
                .asText();
        HttpResponse<String> byName = postMessage("{\"channel\":\"#private\",\"text\":\"x\"}");
        HttpResponse<String> byId =
                postMessage("{\"channel\":\"" + SlackEmulator.channelId("#private") + "\",\"text\":\"x\"}");

        assertThat(alertsId).isNotEqualTo(SlackEmulator.channelId("#private"));
        assertThat(json(byName).get("error").asText()).isEqualTo("not_in_channel");
        assertThat(json(byId).get("error").asText()).isEqualTo("not_in_channel");
        assertThat(postJson(slack.webhookUrl(), "{\"text\":\"x\"}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void timeoutHoldsTheAnswerUntilTheClientGivesUp() {
        slack.addFault(SlackFault.timeout().times(1));

        assertThatThrownBy(() -> postJson(slack.webhookUrl(), "{\"text\":\"x\"}", Duration.ofMillis(300)))
                .hasRootCauseInstanceOf(HttpTimeoutException.class);
        assertThat(slack.messages()).isEmpty();
        assertThat(postJson(slack.webhookUrl(), "{\"text\":\"x\"}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void connectionResetAfterProcessingPostsTheMessageButTheClientNeverLearnsIt() {
        slack.addFault(SlackFault.connectionReset().afterProcessing().times(1));

        assertThatThrownBy(() -> postJson(slack.webhookUrl(), "{\"text\":\"lost answer\"}", Duration.ofSeconds(5)))
                .hasRootCauseInstanceOf(IOException.class);

        assertThat(slack.messages()).extracting(SlackMessage::text).containsExactly("lost answer");
    }

    @Test
    void chatUpdateReplacesTheTextKeepsTheTsAndListsTheUpdate() {
        JsonNode posted = json(postMessage("{\"channel\":\"#alerts\",\"text\":\"FIRING slot lag\","
                + "\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"firing\"}}]}"));
        String ts = posted.get("ts").asText();

        JsonNode updated = json(update("{\"channel\":\"" + posted.get("channel").asText() + "\",\"ts\":\"" + ts
                + "\",\"text\":\"RESOLVED slot lag\"}"));

        assertThat(updated.get("ok").asBoolean()).isTrue();
        assertThat(updated.get("ts").asText()).isEqualTo(ts);
        assertThat(updated.get("text").asText()).isEqualTo("RESOLVED slot lag");
        assertThat(updated.at("/message/blocks/0/text/text").asText()).isEqualTo("firing");
        JsonNode listed = json(get(slack.baseUrl() + "/api/messages"));
        assertThat(listed).hasSize(1);
        assertThat(listed.at("/0/text").asText()).isEqualTo("RESOLVED slot lag");
        assertThat(listed.at("/0/ts").asText()).isEqualTo(ts);
        assertThat(listed.at("/0/payload/text").asText()).isEqualTo("FIRING slot lag");
        assertThat(listed.at("/0/updates")).singleElement().satisfies(change -> {
            assertThat(change.get("text").asText()).isEqualTo("RESOLVED slot lag");
            assertThat(change.get("payload").get("ts").asText()).isEqualTo(ts);
            assertThat(change.get("receivedAt").asText()).endsWith("Z");
        });

        update("{\"channel\":\"#alerts\",\"ts\":\"" + ts + "\",\"blocks\":[]}");
        assertThat(slack.messages()).singleElement().satisfies(message -> {
            assertThat(message.text()).isEqualTo("RESOLVED slot lag");
            assertThat(message.blocks()).isEmpty();
            assertThat(message.updates()).hasSize(2);
        });
    }

    @Test
    void chatUpdateOfAnUnknownMessageIsMessageNotFound() {
        String ts = json(postMessage("{\"channel\":\"#alerts\",\"text\":\"x\"}"))
                .get("ts")
                .asText();
        postJson(slack.webhookUrl(), "{\"text\":\"webhook messages cannot be updated\"}");
        String webhookTs = slack.messages().get(1).ts();

        JsonNode otherChannel = json(update("{\"channel\":\"#ops\",\"ts\":\"" + ts + "\",\"text\":\"y\"}"));
        JsonNode unknownTs = json(update("{\"channel\":\"#alerts\",\"ts\":\"1.000001\",\"text\":\"y\"}"));
        JsonNode webhook = json(update("{\"channel\":\"#alerts\",\"ts\":\"" + webhookTs + "\",\"text\":\"y\"}"));
        JsonNode noText = json(update("{\"channel\":\"#alerts\",\"ts\":\"" + ts + "\"}"));

        assertThat(otherChannel.get("error").asText()).isEqualTo("message_not_found");
        assertThat(unknownTs.get("error").asText()).isEqualTo("message_not_found");
        assertThat(webhook.get("error").asText()).isEqualTo("message_not_found");
        assertThat(noText.get("error").asText()).isEqualTo("no_text");
        assertThat(slack.messages())
                .allSatisfy(message -> assertThat(message.updates()).isEmpty());
    }

    @Test
    void threadRepliesLandUnderTheParentAndAnUnknownThreadIsAcceptedAsSlackDoes() {
        // Several messages to one channel at once: this test is about threads, not pacing.
        slack.stopEnforcingRateLimit();
        String parent = json(postMessage("{\"channel\":\"#alerts\",\"text\":\"FIRING\"}"))
                .get("ts")
                .asText();
        String reply = json(postMessage(
                        "{\"channel\":\"#alerts\",\"text\":\"repeat\",\"thread_ts\":\"" + parent + "\"}"))
                .get("ts")
                .asText();

        JsonNode replyToReply =
                json(postMessage("{\"channel\":\"#alerts\",\"text\":\"repeat 2\",\"thread_ts\":\"" + reply + "\"}"));
        JsonNode wrongChannel =
                json(postMessage("{\"channel\":\"#ops\",\"text\":\"x\",\"thread_ts\":\"" + parent + "\"}"));
        JsonNode malformed = json(postMessage("{\"channel\":\"#alerts\",\"text\":\"x\",\"thread_ts\":\"0\"}"));

        assertThat(replyToReply.at("/message/thread_ts").asText()).isEqualTo(parent);
        assertThat(wrongChannel.get("ok").asBoolean()).isTrue();
        assertThat(malformed.get("error").asText()).isEqualTo("invalid_thread_ts");
        assertThat(slack.messages()).extracting(SlackMessage::threadTs).containsExactly(null, parent, parent, parent);
    }

    @Test
    void blocksBeyondBlockKitLimitsAreInvalidBlocks() {
        ArrayNode tooMany = JSON.createArrayNode();
        for (int i = 0; i < 51; i++) {
            tooMany.addObject().put("type", "divider");
        }
        ObjectNode longHeader = JSON.createObjectNode();
        longHeader
                .putArray("blocks")
                .addObject()
                .put("type", "header")
                .putObject("text")
                .put("type", "plain_text")
                .put("text", "h".repeat(151));
        longHeader.put("text", "fallback");

        JsonNode api = json(postMessage("{\"channel\":\"#alerts\",\"text\":\"x\",\"blocks\":" + tooMany + "}"));
        HttpResponse<String> webhook = postJson(slack.webhookUrl(), longHeader.toString());

        assertThat(api.get("error").asText()).isEqualTo("invalid_blocks");
        assertThat(webhook.statusCode()).isEqualTo(400);
        assertThat(webhook.body()).isEqualTo("invalid_blocks");
        assertThat(slack.messages()).isEmpty();
    }

    @Test
    void blocksOverTheTotalTextSlackTakesAreMsgBlocksTooLong() {
        // Each call goes to its own channel: this test is about sizes, not pacing.
        JsonNode within = json(postMessage("{\"channel\":\"#a\",\"text\":\"x\",\"blocks\":" + sections(4, 2400) + "}"));
        JsonNode over = json(postMessage("{\"channel\":\"#b\",\"text\":\"x\",\"blocks\":" + sections(4, 2900) + "}"));
        String ts = within.get("ts").asText();
        JsonNode updateOver = json(update(
                "{\"channel\":\"#a\",\"ts\":\"" + ts + "\",\"text\":\"x\",\"blocks\":" + sections(4, 2900) + "}"));

        assertThat(within.get("ok").asBoolean()).isTrue();
        assertThat(over.get("error").asText()).isEqualTo("msg_blocks_too_long");
        assertThat(updateOver.get("error").asText()).isEqualTo("msg_blocks_too_long");
        assertThat(slack.messages())
                .singleElement()
                .satisfies(message -> assertThat(message.updates()).isEmpty());
    }

    @Test
    void blocksNotAnArrayAreInvalidBlocksFormatAndUnknownTypesOrEmptyTextsInvalidBlocks() {
        JsonNode notArray = json(postMessage("{\"channel\":\"#a\",\"text\":\"x\",\"blocks\":{\"type\":\"divider\"}}"));
        JsonNode unknownType =
                json(postMessage("{\"channel\":\"#b\",\"text\":\"x\",\"blocks\":[{\"type\":\"banner\"}]}"));
        JsonNode emptyText = json(postMessage("{\"channel\":\"#c\",\"text\":\"x\",\"blocks\":[{\"type\":\"section\","
                + "\"text\":{\"type\":\"mrkdwn\",\"text\":\"\"}}]}"));
        JsonNode emptyField = json(postMessage("{\"channel\":\"#d\",\"text\":\"x\",\"blocks\":[{\"type\":\"context\","
                + "\"elements\":[{\"type\":\"plain_text\",\"text\":\"\"}]}]}"));

        assertThat(notArray.get("error").asText()).isEqualTo("invalid_blocks_format");
        assertThat(unknownType.get("error").asText()).isEqualTo("invalid_blocks");
        assertThat(emptyText.get("error").asText()).isEqualTo("invalid_blocks");
        assertThat(emptyField.get("error").asText()).isEqualTo("invalid_blocks");
        assertThat(slack.messages()).isEmpty();
    }

    /** {@code count} section blocks of {@code length} characters each, as a JSON array. */
    private static ArrayNode sections(int count, int length) {
        ArrayNode blocks = JSON.createArrayNode();
        for (int i = 0; i < count; i++) {
            blocks.addObject()
                    .put("type", "section")
                    .putObject("text")
                    .put("type", "mrkdwn")
                    .put("text", "s".repeat(length));
        }
        return blocks;
    }

    @Test
    void failuresAreSwitchedOverHttpAndClearedByResetOrDelete() {
        HttpResponse<String> added = postJson(
                slack.baseUrl() + "/_emulator/faults",
                "{\"kind\":\"error\",\"error\":\"channel_not_found\",\"times\":1,\"endpoints\":[\"webhook\"]}");
        HttpResponse<String> limit = postJson(
                slack.baseUrl() + "/_emulator/faults",
                "{\"kind\":\"enforced-rate-limit\",\"intervalMs\":60000,\"burst\":2}");
        HttpResponse<String> unknown = postJson(slack.baseUrl() + "/_emulator/faults", "{\"kind\":\"explode\"}");
        HttpResponse<String> typo =
                postJson(slack.baseUrl() + "/_emulator/faults", "{\"kind\":\"error\",\"eror\":\"channel_not_found\"}");
        JsonNode listed = json(get(slack.baseUrl() + "/_emulator/faults"));

        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(json(added).get("status").asInt()).isEqualTo(404);
        assertThat(limit.statusCode()).isEqualTo(201);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(json(typo).get("error").asText()).contains("eror");
        assertThat(listed.at("/enforcedRateLimit/burst").asInt()).isEqualTo(2);
        assertThat(listed.get("faults")).singleElement().satisfies(fault -> {
            assertThat(fault.get("error").asText()).isEqualTo("channel_not_found");
            assertThat(fault.get("endpoints"))
                    .singleElement()
                    .extracting(JsonNode::asText)
                    .isEqualTo("webhook");
        });
        assertThat(postJson(slack.webhookUrl(), "{\"text\":\"x\"}").body()).isEqualTo("channel_not_found");

        postJson(slack.baseUrl() + "/_emulator/faults", "{\"kind\":\"server-error\",\"status\":502}");
        assertThat(request("DELETE", slack.baseUrl() + "/_emulator/faults").statusCode())
                .isEqualTo(204);
        assertThat(json(get(slack.baseUrl() + "/_emulator/faults"))
                        .at("/enforcedRateLimit/intervalMs")
                        .asLong())
                .isEqualTo(1000);
        slack.addFault(SlackFault.serverError(502));
        assertThat(post(slack.baseUrl() + "/_emulator/reset", "application/json", "")
                        .statusCode())
                .isEqualTo(204);
        assertThat(slack.faults()).isEmpty();
        assertThat(postJson(slack.webhookUrl(), "{\"text\":\"x\"}").statusCode())
                .isEqualTo(200);
    }

    private HttpResponse<String> postMessage(String body) {
        return post(slack.baseUrl() + "/api/chat.postMessage", "application/json", body, "Authorization", BEARER);
    }

    private HttpResponse<String> update(String body) {
        return post(slack.baseUrl() + "/api/chat.update", "application/json", body, "Authorization", BEARER);
    }
}
