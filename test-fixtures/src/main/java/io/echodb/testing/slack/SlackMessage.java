package io.echodb.testing.slack;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One message the {@link SlackEmulator} accepted, as listed by {@code GET /api/messages}.
 *
 * @param channel the {@code channel} the client sent to {@code chat.postMessage} (a name or an ID, as sent);
 *     {@code null} for incoming webhooks, which are bound to one channel
 * @param text the top-level {@code text} (Slack's notification fallback when blocks are present), or {@code null};
 *     after {@code chat.update}s the latest text
 * @param blocks the Block Kit {@code blocks} array as received, or {@code null}; after {@code chat.update}s the
 *     latest blocks
 * @param threadTs the {@code thread_ts} of a threaded reply (always the thread's parent, even when the client
 *     named a reply), or {@code null}
 * @param ts the message timestamp the emulator assigned ({@code "<epoch seconds>.<6 digits>"}, unique and
 *     increasing); returned to {@code chat.postMessage} callers, never to webhook callers (Slack's webhooks
 *     return no ts)
 * @param via how the message arrived
 * @param receivedAt when the emulator accepted it (UTC)
 * @param payload the whole request payload as received (JSON body, or the form fields as a JSON object), as
 *     first posted
 * @param updates the {@code chat.update}s applied to this message, oldest first; empty when never updated
 */
public record SlackMessage(
        String channel,
        String text,
        JsonNode blocks,
        String threadTs,
        String ts,
        Via via,
        Instant receivedAt,
        JsonNode payload,
        List<SlackUpdate> updates) {

    /** Copies {@code updates}; null means none. */
    public SlackMessage {
        updates = updates == null ? List.of() : List.copyOf(updates);
    }

    /** A message that was never updated (the shape before {@code chat.update} existed). */
    public SlackMessage(
            String channel,
            String text,
            JsonNode blocks,
            String threadTs,
            String ts,
            Via via,
            Instant receivedAt,
            JsonNode payload) {
        this(channel, text, blocks, threadTs, ts, via, receivedAt, payload, List.of());
    }

    /** This message after {@code update}: its text and blocks become the update's, the update is appended. */
    SlackMessage updatedBy(SlackUpdate update) {
        List<SlackUpdate> all = new ArrayList<>(updates);
        all.add(update);
        return new SlackMessage(channel, update.text(), update.blocks(), threadTs, ts, via, receivedAt, payload, all);
    }

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
