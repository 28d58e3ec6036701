package io.echodb.testing.slack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The Block Kit limits Slack enforces with {@code invalid_blocks} (https://api.slack.com/reference/block-kit/blocks;
 * alerting-research.md §2.4): at most 50 blocks, each an object with a {@code type}; a {@code header} text of at
 * most 150 characters; a {@code section} text of at most 3000 characters and at most 10 {@code fields} of at most
 * 2000 characters each; at most 10 {@code context} elements; at most 25 {@code actions} elements; only block types
 * Slack knows; no empty text object (a text object's {@code text} has a minimum length of 1). Plus the
 * undocumented total: {@link #MAX_TOTAL_TEXT}.
 */
final class SlackBlockLimits {

    static final int MAX_BLOCKS = 50;
    static final int MAX_HEADER_TEXT = 150;
    static final int MAX_SECTION_TEXT = 3000;
    static final int MAX_SECTION_FIELDS = 10;
    static final int MAX_FIELD_TEXT = 2000;
    static final int MAX_CONTEXT_ELEMENTS = 10;
    static final int MAX_ACTIONS_ELEMENTS = 25;

    /**
     * Characters of text in all blocks of one message at most (every {@code text} string in the tree): Slack refuses
     * more with {@code msg_blocks_too_long}. Undocumented; slackapi/bolt-js#2867 measured 9,597 accepted and 11,341
     * refused this way, so the emulator refuses above 10,000.
     */
    static final int MAX_TOTAL_TEXT = 10_000;

    /** The block types of https://docs.slack.dev/reference/block-kit/blocks; any other is {@code invalid_blocks}. */
    static final java.util.Set<String> TYPES = java.util.Set.of(
            "actions",
            "context",
            "divider",
            "file",
            "header",
            "image",
            "input",
            "markdown",
            "rich_text",
            "section",
            "table",
            "video");

    private SlackBlockLimits() {}

    /** What breaks a limit in {@code blocks} (a JSON array), for the log; empty when within limits. */
    static Optional<String> violation(JsonNode blocks) {
        if (blocks == null) {
            return Optional.empty();
        }
        if (blocks.size() > MAX_BLOCKS) {
            return Optional.of(blocks.size() + " blocks, more than " + MAX_BLOCKS);
        }
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            if (!block.isObject() || !block.path("type").isTextual()) {
                return Optional.of("block " + i + " is not an object with a type");
            }
            if (!TYPES.contains(block.get("type").textValue())) {
                return Optional.of(
                        "block " + i + ": unknown type " + block.get("type").textValue());
            }
            Optional<String> empty = emptyText(block);
            if (empty.isPresent()) {
                return Optional.of("block " + i + ": " + empty.get());
            }
            Optional<String> problem = switch (block.get("type").textValue()) {
                case "header" -> tooLong(block.path("text").path("text"), MAX_HEADER_TEXT, "header text");
                case "section" -> section(block);
                case "context" -> tooMany(block.path("elements"), MAX_CONTEXT_ELEMENTS, "context elements");
                case "actions" -> tooMany(block.path("elements"), MAX_ACTIONS_ELEMENTS, "actions elements");
                default -> Optional.empty();
            };
            if (problem.isPresent()) {
                return Optional.of("block " + i + ": " + problem.get());
            }
        }
        return Optional.empty();
    }

    /** Characters of every {@code text} string in {@code blocks}, at any depth; 0 without blocks. */
    static int totalText(JsonNode blocks) {
        if (blocks == null) {
            return 0;
        }
        int total = 0;
        for (JsonNode node : blocks) {
            total += textIn(node);
        }
        return total;
    }

    private static int textIn(JsonNode node) {
        int total = 0;
        if (node.isObject()) {
            for (var field : node.properties()) {
                JsonNode value = field.getValue();
                if (field.getKey().equals("text") && value.isTextual()) {
                    total += value.textValue().length();
                } else {
                    total += textIn(value);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                total += textIn(element);
            }
        }
        return total;
    }

    /** A {@code plain_text}/{@code mrkdwn} text object anywhere in the block whose text is missing or empty. */
    private static Optional<String> emptyText(JsonNode node) {
        if (node.isObject()) {
            String type = node.path("type").asText("");
            if ((type.equals("plain_text") || type.equals("mrkdwn"))
                    && (!node.path("text").isTextual()
                            || node.path("text").textValue().isEmpty())) {
                return Optional.of("empty " + type + " text object");
            }
            for (var field : node.properties()) {
                Optional<String> inner = emptyText(field.getValue());
                if (inner.isPresent()) {
                    return inner;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                Optional<String> inner = emptyText(element);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> section(JsonNode block) {
        Optional<String> text = tooLong(block.path("text").path("text"), MAX_SECTION_TEXT, "section text");
        if (text.isPresent()) {
            return text;
        }
        JsonNode fields = block.path("fields");
        Optional<String> count = tooMany(fields, MAX_SECTION_FIELDS, "section fields");
        if (count.isPresent()) {
            return count;
        }
        for (JsonNode field : fields) {
            Optional<String> tooLongField = tooLong(field.path("text"), MAX_FIELD_TEXT, "section field text");
            if (tooLongField.isPresent()) {
                return tooLongField;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> tooLong(JsonNode text, int max, String what) {
        int length = text.isTextual()
                ? text.textValue().codePointCount(0, text.textValue().length())
                : 0;
        return length > max ? Optional.of(what + " of " + length + " characters, more than " + max) : Optional.empty();
    }

    private static Optional<String> tooMany(JsonNode array, int max, String what) {
        return array.isArray() && array.size() > max
                ? Optional.of(array.size() + " " + what + ", more than " + max)
                : Optional.empty();
    }
}
