package io.echodb.alert.service;

import io.echodb.alert.client.SlackMessage;
import io.echodb.alert.client.SlackMessage.Block;
import io.echodb.alert.domain.Alert;
import io.echodb.alert.domain.AlertEvent;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns an {@link AlertEvent} into a Slack Block Kit message a person can act on: a header with severity,
 * rule and subject; the summary (how bad, against which threshold) and a hint; the facts as a field grid; and
 * since when it fires (or when it resolved). Stays within Slack's block limits (header 150 characters,
 * section text 3000, 10 fields, field text 2000).
 */
@ApplicationScoped
public class SlackMessageFormatter {

    static final int MAX_HEADER = 150;
    static final int MAX_SECTION = 3000;
    static final int MAX_FIELDS = 10;
    static final int MAX_FIELD = 2000;

    private static final DateTimeFormatter UTC_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** The Slack message for {@code event}. */
    public SlackMessage format(AlertEvent event) {
        Finding finding = event.alert().finding();
        String state = state(event);
        String subject = String.join("/", finding.key().labels().values());
        String header = emoji(event) + " " + state + " · " + finding.title() + " · " + subject;
        String text = "[" + state + "] " + finding.title() + " on " + subject + ": " + finding.summary();

        List<Block> blocks = new ArrayList<>();
        blocks.add(Block.header(shortened(header, MAX_HEADER)));
        blocks.add(Block.section(shortened(body(event), MAX_SECTION)));
        blocks.add(Block.fields(finding.facts().entrySet().stream()
                .limit(MAX_FIELDS)
                .map(fact -> shortened("*" + escaped(fact.getKey()) + "*\n" + escaped(fact.getValue()), MAX_FIELD))
                .toList()));
        blocks.add(Block.context(List.of(timing(event.alert()), "rule `" + finding.key().rule() + "`")));
        return new SlackMessage(text, blocks);
    }

    private static String state(AlertEvent event) {
        String severity = event.alert().severity().name();
        return switch (event.type()) {
            case FIRING -> severity;
            case ESCALATED -> severity + " (was " + event.previousSeverity().label() + ")";
            case RESOLVED -> "RESOLVED";
        };
    }

    private static String emoji(AlertEvent event) {
        if (event.type() == AlertEvent.Type.RESOLVED) {
            return ":white_check_mark:";
        }
        return event.alert().severity() == Severity.CRITICAL ? ":red_circle:" : ":warning:";
    }

    private static String body(AlertEvent event) {
        Finding finding = event.alert().finding();
        if (event.type() == AlertEvent.Type.RESOLVED) {
            return "*Resolved:* " + escaped(finding.summary());
        }
        String summary = "*" + escaped(finding.summary()) + "*";
        return finding.hint().isEmpty() ? summary : summary + "\n" + escaped(finding.hint());
    }

    private static String timing(Alert alert) {
        if (!alert.resolved()) {
            return "Firing since " + slackDate(alert.firingSince());
        }
        return "Fired " + slackDate(alert.firingSince()) + ", resolved " + slackDate(alert.resolvedAt())
                + " after " + humanReadable(Duration.between(alert.firingSince(), alert.resolvedAt()));
    }

    /** Slack date formatting: shown in the reader's time zone, with UTC text as fallback. */
    private static String slackDate(Instant at) {
        return "<!date^" + at.getEpochSecond() + "^{date_short_pretty} {time_secs}|" + UTC_TIME.format(at) + ">";
    }

    private static String humanReadable(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
    }

    /** Escapes the three characters Slack's mrkdwn reserves. */
    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String shortened(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
