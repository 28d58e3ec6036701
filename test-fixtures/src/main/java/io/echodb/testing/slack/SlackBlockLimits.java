package io.echodb.testing.slack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The Block Kit limits Slack enforces with {@code invalid_blocks} (https://api.slack.com/reference/block-kit/blocks;
 * alerting-research.md §2.4): at most 50 blocks, each an object with a {@code type}; a {@code header} text of at
 * most 150 characters; a {@code section} text of at most 3000 characters and at most 10 {@code fields} of at most
 * 2000 characters each; at most 10 {@code context} elements; at most 25 {@code actions} elements.
 */
final class SlackBlockLimits {

    static final int MAX_BLOCKS = 50;
    static final int MAX_HEADER_TEXT = 150;
    static final int MAX_SECTION_TEXT = 3000;
    static final int MAX_SECTION_FIELDS = 10;
    static final int MAX_FIELD_TEXT = 2000;
    static final int MAX_CONTEXT_ELEMENTS = 10;
    static final int MAX_ACTIONS_ELEMENTS = 25;

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
