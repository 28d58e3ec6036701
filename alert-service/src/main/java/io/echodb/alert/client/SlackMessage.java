package io.echodb.alert.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Body of a Slack message: {@code text} (the notification fallback, always sent) plus Block Kit
 * {@code blocks}. Shapes follow https://api.slack.com/reference/block-kit/blocks; the caller keeps within
 * Slack's limits (header ≤ 150 characters, section text ≤ 3000, ≤ 10 fields, ≤ 10 context elements).
 *
 * @param text plain fallback text shown in notifications
 * @param blocks the layout; {@code null} for a plain-text message
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SlackMessage(String text, List<Block> blocks) {

    public SlackMessage {
        blocks = blocks == null ? null : List.copyOf(blocks);
    }

    /** A plain-text message without blocks (the last resort for one alert Slack refused with blocks). */
    public static SlackMessage plain(String text) {
        return new SlackMessage(text, null);
    }

    /**
     * The characters of every text in the blocks (header, section text and fields, context elements), in UTF-16
     * units: what Slack's undocumented total limit of about 12,000 counts (slackapi/bolt-js#2867).
     */
    public int blockTextLength() {
        if (blocks == null) {
            return 0;
        }
        int length = 0;
        for (Block block : blocks) {
            length += block.text() == null ? 0 : block.text().text().length();
            for (List<Text> texts : java.util.Arrays.asList(block.fields(), block.elements())) {
                if (texts != null) {
                    length += texts.stream()
                            .mapToInt(text -> text.text().length())
                            .sum();
                }
            }
        }
        return length;
    }

    /**
     * One block: {@code header} (text), {@code section} (text and/or fields), {@code context} (elements) or
     * {@code divider}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Block(String type, Text text, List<Text> fields, List<Text> elements) {

        /** A {@code header} block; {@code text} is plain text with emoji shortcodes. */
        public static Block header(String text) {
            return new Block("header", Text.plain(text), null, null);
        }

        /** A {@code section} block with mrkdwn text. */
        public static Block section(String markdown) {
            return new Block("section", Text.markdown(markdown), null, null);
        }

        /** A {@code section} block of mrkdwn fields (two columns). */
        public static Block fields(List<String> markdown) {
            return new Block(
                    "section", null, markdown.stream().map(Text::markdown).toList(), null);
        }

        /** A {@code divider} block: a thin line. */
        public static Block divider() {
            return new Block("divider", null, null, null);
        }

        /** A {@code context} block of small mrkdwn texts. */
        public static Block context(List<String> markdown) {
            return new Block(
                    "context", null, null, markdown.stream().map(Text::markdown).toList());
        }
    }

    /** A text object: {@code plain_text} (with {@code emoji}) or {@code mrkdwn}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Text(String type, String text, Boolean emoji) {

        /** Plain text; emoji shortcodes such as {@code :warning:} are rendered. */
        public static Text plain(String text) {
            return new Text("plain_text", text, true);
        }

        /** Slack mrkdwn; the caller escapes {@code &}, {@code <} and {@code >} in values. */
        public static Text markdown(String text) {
            return new Text("mrkdwn", text, null);
        }
    }
}
