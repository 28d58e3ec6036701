package io.echodb.testing.slack;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One {@code chat.update} the {@link SlackEmulator} applied to a message, as listed in the message's
 * {@code updates} by {@code GET /api/messages}.
 *
 * @param text the message's top-level {@code text} after this update (the update's own {@code text}, or the
 *     previous text when the update sent none)
 * @param blocks the message's {@code blocks} after this update (the update's own, the previous ones when it sent
 *     none, an empty array when it sent {@code []}), or {@code null}
 * @param receivedAt when the emulator applied it (UTC)
 * @param payload the whole {@code chat.update} payload as received, without the {@code token} field
 */
public record SlackUpdate(String text, JsonNode blocks, Instant receivedAt, JsonNode payload) {}
