package io.echodb.testing.slack;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One message the {@link SlackEmulator} accepted, as listed by {@code GET /api/messages}.
 *
 * @param channel the {@code channel} the client sent to {@code chat.postMessage} (a name or an ID, as sent);
 *     {@code null} for incoming webhooks, which are bound to one channel
 * @param text the top-level {@code text} (Slack's notification fallback when blocks are present), or {@code null}
 * @param blocks the Block Kit {@code blocks} array exactly as received, or {@code null}
 * @param threadTs the {@code thread_ts} of a threaded reply, or {@code null}
 * @param ts the message timestamp the emulator assigned ({@code "<epoch seconds>.<6 digits>"}, unique and
 *     increasing); returned to {@code chat.postMessage} callers, never to webhook callers (Slack's webhooks
 *     return no ts)
 * @param via how the message arrived
 * @param receivedAt when the emulator accepted it (UTC)
 * @param payload the whole request payload as received (JSON body, or the form fields as a JSON object)
 */
public record SlackMessage(
        String channel,
        String text,
        JsonNode blocks,
        String threadTs,
        String ts,
        Via via,
        Instant receivedAt,
        JsonNode payload) {

    /** The Slack API a message came through; JSON value {@code "webhook"} or {@code "chat.postMessage"}. */
    public enum Via {
        /** {@code POST /services/{team}/{bot}/{secret}}. */
        WEBHOOK("webhook"),
        /** {@code POST /api/chat.postMessage}. */
        CHAT_POST_MESSAGE("chat.postMessage");

        private final String json;

        Via(String json) {
            this.json = json;
        }

        /** The value used in JSON. */
        @JsonValue
        public String json() {
            return json;
        }
    }
}
