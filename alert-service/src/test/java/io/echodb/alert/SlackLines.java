package io.echodb.alert;

import io.echodb.testing.slack.SlackEmulator;
import io.echodb.testing.slack.SlackMessage;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What people read in Slack, one line per alert notification: the {@code text} fallback of every message holds
 * one {@code [STATE] Title on subject: summary} line per alert (a grouped message starts with a count line).
 */
public final class SlackLines {

    private SlackLines() {}

    /** Every alert line received so far, oldest first. */
    public static List<String> all(SlackEmulator slack) {
        return slack.messages().stream().flatMap(SlackLines::lines).toList();
    }

    /** The alert lines about {@code subject} (e.g. {@code postgres_main/my_slot}) for rule title {@code title}. */
    public static List<String> about(SlackEmulator slack, String title, String subject) {
        return all(slack).stream()
                .filter(line -> line.contains("] " + title + " on " + subject + ":"))
                .toList();
    }

    /** Alert notifications carried by every message so far (a grouped message's header counts them). */
    public static int alerts(SlackEmulator slack) {
        return slack.messages().stream().mapToInt(SlackLines::alerts).sum();
    }

    private static int alerts(SlackMessage message) {
        String header = message.blocks() == null
                ? ""
                : message.blocks().path(0).path("text").path("text").asText("");
        Matcher grouped = GROUPED.matcher(header);
        return grouped.find() ? Integer.parseInt(grouped.group(1)) : 1;
    }

    private static final Pattern GROUPED = Pattern.compile("^:rotating_light: (\\d+) alerts");

    private static java.util.stream.Stream<String> lines(SlackMessage message) {
        return message.text() == null
                ? java.util.stream.Stream.empty()
                : message.text().lines().filter(line -> line.startsWith("["));
    }
}
