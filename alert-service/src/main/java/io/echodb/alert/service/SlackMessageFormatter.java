package io.echodb.alert.service;

import io.echodb.alert.client.SlackMessage;
import io.echodb.alert.client.SlackMessage.Block;
import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.Alert;
import io.echodb.alert.domain.AlertState;
import io.echodb.alert.domain.Durations;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.Notification;
import io.echodb.alert.domain.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns notifications into Slack Block Kit messages a person can act on at a glance: what (rule), where (labels),
 * how bad against which threshold (the summary), since when, the facts (last error, slot, mirror…) and a runbook
 * link, with a plain {@code text} fallback. Layout and Slack's limits: docs/architecture.md §Slack messages.
 */
@ApplicationScoped
public class SlackMessageFormatter {

    static final int MAX_BLOCKS = 50;
    static final int MAX_HEADER = 150;
    static final int MAX_SECTION = 3000;
    static final int MAX_FIELDS = 10;
    static final int MAX_FIELD = 2000;
    static final int MAX_FALLBACK = 3000;
    /** Notifications shown in full in a grouped message. */
    static final int DETAILED = 8;
    /** Notifications per message at most. */
    static final int PER_MESSAGE = 100;
    /**
     * Text of all blocks of one message at most: half of the ~12,000 at which Slack refuses a message with
     * {@code msg_blocks_too_long} (undocumented; slackapi/bolt-js#2867 saw 9,597 accepted, 11,341 refused), so
     * that the fallback text ({@value #MAX_FALLBACK}) fits as well even if Slack counts it too.
     */
    static final int MAX_BLOCK_TEXT = 6000;
    /** Length of one line in the compact list. */
    static final int MAX_LINE = 250;

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final URI runbook;
    private final Optional<String> criticalMention;

    public SlackMessageFormatter(AlertConfig config) {
        this.runbook = config.runbook();
        this.criticalMention = config.slack().criticalMention().filter(mention -> !mention.isBlank());
    }

    /**
     * A message and the notifications it carries.
     *
     * @param message what is posted
     * @param notifications its notifications, in display order
     */
    public record Part(SlackMessage message, List<Notification> notifications) {}

    /**
     * An alert that escalated.
     *
     * @param severity its new severity
     * @param channel the channel ID of the newer message that announced it
     */
    public record Escalation(Severity severity, String channel) {}

    /**
     * The messages for one channel's notifications (in the given order, most severe first), as many as it takes:
     * each within {@link #fits Slack's limits} and the budget {@value #MAX_BLOCK_TEXT}; the first message of a
     * storm shows its first {@value #DETAILED} alerts in full, the others one line per alert. Each part's header
     * says which part it is and how many alerts the group holds ({@code part 2 of 5 — 120 alerts}).
     */
    public List<Part> format(List<Notification> notifications) {
        if (notifications.size() == 1) {
            Notification only = notifications.getFirst();
            SlackMessage message = single(only);
            return List.of(new Part(
                    withMention(fits(message) ? message : grouped(notifications, "", 0), notifications),
                    List.copyOf(notifications)));
        }
        String longest = label(notifications.size(), notifications.size(), notifications.size());
        List<List<Notification>> chunks = new ArrayList<>();
        for (int from = 0; from < notifications.size(); ) {
            int detailed = chunks.isEmpty() ? DETAILED : 0;
            List<Notification> rest = notifications.subList(from, notifications.size());
            int size = largestFitting(rest, longest, detailed);
            chunks.add(List.copyOf(rest.subList(0, size)));
            from += size;
        }
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            List<Notification> chunk = chunks.get(i);
            String label = chunks.size() > 1 ? label(i + 1, chunks.size(), notifications.size()) : "";
            parts.add(new Part(
                    withMention(grouped(chunk, label, detail(chunk, label, i == 0 ? DETAILED : 0)), chunk), chunk));
        }
        return parts;
    }

    /**
     * The messages for {@code notifications} when Slack refused one message carrying them all (e.g.
     * {@code msg_blocks_too_long}): two halves, each formatted as by {@link #format}; one notification alone gets
     * its one-line form.
     */
    public List<Part> split(List<Notification> notifications) {
        if (notifications.size() == 1) {
            return List.of(
                    new Part(withMention(grouped(notifications, "", 0), notifications), List.copyOf(notifications)));
        }
        int half = notifications.size() / 2;
        List<Part> parts = new ArrayList<>(format(notifications.subList(0, half)));
        parts.addAll(format(notifications.subList(half, notifications.size())));
        return parts;
    }

    /** The last resort for one notification Slack refused with blocks: its fallback line as plain text only. */
    public SlackMessage plain(Notification notification) {
        return SlackMessage.plain(shortened(line(notification), MAX_LINE * 2));
    }

    /**
     * Whether Slack takes {@code message}: at most {@value #MAX_BLOCKS} blocks, block text at most
     * {@value #MAX_BLOCK_TEXT} characters in all, fallback at most {@value #MAX_FALLBACK}.
     */
    static boolean fits(SlackMessage message) {
        return (message.blocks() == null || message.blocks().size() <= MAX_BLOCKS)
                && message.blockTextLength() <= MAX_BLOCK_TEXT
                && message.text().length() <= MAX_FALLBACK;
    }

    /** {@code · part 2 of 5 — 120 alerts}. */
    private static String label(int part, int parts, int alerts) {
        return " · part " + part + " of " + parts + " — " + alerts + " alerts";
    }

    /** How many of the first of {@code notifications} fit one message (at least one). */
    private int largestFitting(List<Notification> notifications, String label, int wanted) {
        int detailed = Math.min(wanted, notifications.size());
        while (detailed > 0 && !fits(grouped(notifications.subList(0, detailed), label, detailed))) {
            detailed--;
        }
        int low = 1;
        int high = Math.min(PER_MESSAGE, notifications.size());
        while (low < high) {
            int middle = (low + high + 1) / 2;
            List<Notification> candidate = notifications.subList(0, middle);
            if (fits(grouped(candidate, label, Math.min(detailed, middle)))) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    /** {@code detailed}, or fewer shown in full while the message does not fit. */
    private int detail(List<Notification> chunk, String label, int detailed) {
        int shown = Math.min(detailed, chunk.size());
        while (shown > 0 && !fits(grouped(chunk, label, shown))) {
            shown--;
        }
        return shown;
    }

    /**
     * The current state of the alerts a bot-token message announced, for {@code chat.update}: resolved ones shown
     * as resolved, the others as firing.
     */
    public SlackMessage current(List<Alert> alerts) {
        List<Notification> notifications = alerts.stream()
                .map(alert -> new Notification(
                        alert.state() == AlertState.RESOLVED ? Notification.Type.RESOLVED : Notification.Type.FIRING,
                        alert,
                        null))
                .toList();
        List<Part> parts = format(notifications);
        if (parts.size() == 1) {
            return parts.getFirst().message();
        }
        SlackMessage grouped = grouped(notifications, "", 0);
        return fits(grouped) ? grouped : compact(notifications);
    }

    /**
     * One message for {@code notifications} that Slack takes whatever their number (an update of a storm part
     * whose lines grew, e.g. "RESOLVED (was CRITICAL)"): one short line per alert (state and subject) while they
     * fit {@value #MAX_BLOCK_TEXT} characters, then how many more there are.
     */
    private SlackMessage compact(List<Notification> notifications) {
        String header = ":rotating_light: " + notifications.size() + " alerts · " + counts(notifications);
        int budget = MAX_BLOCK_TEXT - header.length() - 100;
        List<Block> blocks = new ArrayList<>();
        blocks.add(Block.header(shortened(header, MAX_HEADER)));
        blocks.add(Block.divider());
        StringBuilder section = new StringBuilder();
        int used = 0;
        int shown = 0;
        for (Notification notification : notifications) {
            String line = shortened(
                    emoji(notification) + " *" + escaped(state(notification)) + "* "
                            + escaped(notification.alert().key().subject()),
                    MAX_LINE);
            if (used + line.length() + 1 > budget || blocks.size() >= MAX_BLOCKS - 2) {
                break;
            }
            if (section.length() + line.length() + 1 > MAX_SECTION) {
                blocks.add(Block.section(section.toString()));
                section.setLength(0);
            }
            section.append(section.isEmpty() ? "" : "\n").append(line);
            used += line.length() + 1;
            shown++;
        }
        if (shown < notifications.size()) {
            section.append(section.isEmpty() ? "" : "\n")
                    .append("… and ")
                    .append(notifications.size() - shown)
                    .append(" more");
        }
        if (!section.isEmpty()) {
            blocks.add(Block.section(section.toString()));
        }
        return new SlackMessage(fallback(notifications, ""), blocks);
    }

    /**
     * An earlier message after some of its alerts escalated, for {@code chat.update}: each escalated alert reads
     * "escalated to CRITICAL, see the newer message in #channel" instead of firing at its old severity; the others
     * as {@link #current}.
     *
     * @param alerts the alerts the earlier message announced, as stored
     * @param escalated fingerprint → its new severity and the channel ID of the newer message, for each alert that
     *     escalated
     */
    public SlackMessage superseded(List<Alert> alerts, java.util.Map<String, Escalation> escalated) {
        List<String> lines = new ArrayList<>();
        List<String> fallback = new ArrayList<>();
        for (Alert alert : alerts) {
            Finding finding = alert.finding();
            Escalation escalation = escalated.get(alert.key().fingerprint());
            String what = finding.title() + " · " + finding.key().subject();
            if (escalation != null) {
                lines.add(shortened(
                        ":arrow_up: *Escalated to " + escalation.severity().name() + "* " + escaped(what)
                                + ": see the newer message in <#" + escalation.channel() + ">",
                        MAX_LINE));
                fallback.add("Escalated to " + escalation.severity().name() + ": " + what + ", see the newer message");
            } else {
                Notification notification = new Notification(
                        alert.state() == AlertState.RESOLVED ? Notification.Type.RESOLVED : Notification.Type.FIRING,
                        alert,
                        null);
                lines.add(shortened(
                        emoji(notification) + " *" + escaped(state(notification)) + "* "
                                + escaped(what + ": " + finding.summary()),
                        MAX_LINE));
                fallback.add(shortened(line(notification), MAX_LINE));
            }
        }
        Escalation only =
                alerts.size() == 1 ? escalated.get(alerts.getFirst().key().fingerprint()) : null;
        String header = only != null
                ? ":arrow_up: Escalated to " + only.severity().name() + " · "
                        + alerts.getFirst().finding().title() + " · "
                        + alerts.getFirst().key().subject()
                : ":rotating_light: " + alerts.size() + " alerts · " + escalated.size() + " escalated";
        List<Block> blocks = new ArrayList<>();
        blocks.add(Block.header(shortened(header, MAX_HEADER)));
        StringBuilder section = new StringBuilder();
        for (String line : lines) {
            if (section.length() + line.length() + 1 > MAX_SECTION) {
                blocks.add(Block.section(section.toString()));
                section.setLength(0);
            }
            section.append(section.isEmpty() ? "" : "\n").append(line);
        }
        blocks.add(Block.section(section.toString()));
        return new SlackMessage(shortened(String.join("\n", fallback), MAX_FALLBACK), blocks);
    }

    /** The message of {@code POST /api/v1/test-notification}. */
    public SlackMessage test(String routes, Instant at) {
        String text = "EchoDB alert-service test notification: alert-service can post here (" + routes + ").";
        return new SlackMessage(
                text,
                List.of(
                        Block.header(":white_check_mark: EchoDB test notification"),
                        Block.section(escaped("alert-service can post here. Route: " + routes + ".")),
                        Block.context(List.of("Sent " + slackDate(at)))));
    }

    /**
     * {@code message} with {@code echodb.alert.slack.critical-mention} in front of its {@code text} (what the push
     * notification shows) and as a section under its header, when one of {@code notifications} is a critical
     * alert starting to fire or escalating to critical; repeats and resolves never mention (docs/configuration-
     * alert-service.md §Slack messages).
     */
    private SlackMessage withMention(SlackMessage message, List<Notification> notifications) {
        boolean due = notifications.stream()
                .anyMatch(n -> n.alert().severity() == Severity.CRITICAL
                        && (n.type() == Notification.Type.FIRING || n.type() == Notification.Type.ESCALATED));
        if (!due || criticalMention.isEmpty()) {
            return message;
        }
        String mention = criticalMention.get();
        String text = shortened(mention + " " + message.text(), MAX_FALLBACK);
        if (message.blocks() == null) {
            return new SlackMessage(text, null);
        }
        List<Block> blocks = new ArrayList<>(message.blocks());
        blocks.add(Math.min(1, blocks.size()), Block.section(mention));
        SlackMessage mentioned = new SlackMessage(text, blocks);
        // The split budgets the message without the mention: a full message keeps its blocks and mentions in the
        // fallback text only (what the notification on a phone shows), so no alert line is dropped for it.
        return fits(mentioned) ? mentioned : new SlackMessage(text, message.blocks());
    }

    private SlackMessage single(Notification notification) {
        Finding finding = notification.alert().finding();
        String subject = finding.key().subject();
        String header = emoji(notification) + " " + state(notification) + " · " + finding.title() + " · " + subject;
        List<Block> blocks = new ArrayList<>();
        blocks.add(Block.header(shortened(header, MAX_HEADER)));
        blocks.addAll(details(notification, body(notification)));
        return new SlackMessage(shortened(line(notification), MAX_FALLBACK), blocks);
    }

    private SlackMessage grouped(List<Notification> notifications, String part, int detailed) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(Block.header(shortened(
                ":rotating_light: " + notifications.size() + " alerts · " + counts(notifications) + part, MAX_HEADER)));
        for (Notification notification : notifications.subList(0, detailed)) {
            Finding finding = notification.alert().finding();
            blocks.add(Block.divider());
            blocks.addAll(details(
                    notification,
                    "*" + emoji(notification) + " " + escaped(state(notification))
                            + " · " + escaped(finding.title()) + " · "
                            + escaped(finding.key().subject()) + "*\n"
                            + body(notification)));
        }
        List<String> rest = notifications.subList(detailed, notifications.size()).stream()
                .map(notification -> shortened(
                        emoji(notification) + " *" + escaped(state(notification)) + "* "
                                + escaped(notification.alert().finding().title() + " · "
                                        + notification.alert().key().subject() + ": "
                                        + notification.alert().finding().summary()),
                        MAX_LINE))
                .toList();
        if (!rest.isEmpty()) {
            blocks.add(Block.divider());
        }
        StringBuilder section = new StringBuilder();
        for (String line : rest) {
            if (section.length() + line.length() + 1 > MAX_SECTION) {
                blocks.add(Block.section(section.toString()));
                section.setLength(0);
            }
            section.append(section.isEmpty() ? "" : "\n").append(line);
        }
        if (!section.isEmpty()) {
            blocks.add(Block.section(section.toString()));
        }
        return new SlackMessage(fallback(notifications, part), blocks);
    }

    /** The count line, then one line per notification while they fit, then how many more there are. */
    private static String fallback(List<Notification> notifications, String part) {
        StringBuilder text = new StringBuilder(notifications.size() + " alerts: " + counts(notifications) + part);
        int shown = 0;
        for (Notification notification : notifications) {
            String line = shortened(line(notification), MAX_LINE);
            if (text.length() + line.length() + 40 > MAX_FALLBACK) {
                break;
            }
            text.append('\n').append(line);
            shown++;
        }
        if (shown < notifications.size()) {
            text.append("\n… and ").append(notifications.size() - shown).append(" more");
        }
        return text.toString();
    }

    /** Summary section, field grid and context of one notification. */
    private List<Block> details(Notification notification, String body) {
        Alert alert = notification.alert();
        Finding finding = alert.finding();
        List<Block> blocks = new ArrayList<>();
        blocks.add(Block.section(shortened(body, MAX_SECTION)));
        if (!finding.facts().isEmpty()) {
            blocks.add(Block.fields(finding.facts().entrySet().stream()
                    .limit(MAX_FIELDS)
                    .map(fact -> shortened("*" + escaped(fact.getKey()) + "*\n" + escaped(fact.getValue()), MAX_FIELD))
                    .toList()));
        }
        blocks.add(Block.context(List.of(
                shortened(timing(alert), MAX_FIELD),
                "rule `" + finding.key().rule() + "`",
                runbookLink(finding.key().rule()))));
        return blocks;
    }

    /** {@code <base#rule|runbook>}: the rule's section of the runbook, clickable. */
    private String runbookLink(String rule) {
        return "<" + runbook + "#" + rule + "|runbook>";
    }

    /**
     * {@code [STATE] Title on subject: summary}, escaped: Slack parses {@code text} as mrkdwn too, so a {@code <}
     * in a table name or error would start a link (https://api.slack.com/reference/surfaces/formatting#escaping).
     */
    private static String line(Notification notification) {
        Finding finding = notification.alert().finding();
        return escaped("[" + state(notification) + "] " + finding.title() + " on "
                + finding.key().subject() + ": " + finding.summary());
    }

    private static String counts(List<Notification> notifications) {
        long firing = notifications.stream()
                .filter(n -> n.type() == Notification.Type.FIRING || n.type() == Notification.Type.ESCALATED)
                .count();
        long repeated = notifications.stream()
                .filter(n -> n.type() == Notification.Type.REPEAT)
                .count();
        long resolved = notifications.stream()
                .filter(n -> n.type() == Notification.Type.RESOLVED)
                .count();
        List<String> counts = new ArrayList<>();
        if (firing > 0) {
            counts.add(firing + " firing");
        }
        if (repeated > 0) {
            counts.add(repeated + " still firing");
        }
        if (resolved > 0) {
            counts.add(resolved + " resolved");
        }
        return String.join(", ", counts);
    }

    private static String state(Notification notification) {
        String severity = notification.alert().severity().name();
        return switch (notification.type()) {
            case FIRING -> severity;
            case ESCALATED ->
                severity + " (was " + notification.previousSeverity().label() + ")";
            case REPEAT -> severity + " (still firing)";
            case RESOLVED -> "RESOLVED (was " + severity + ")";
        };
    }

    private static String emoji(Notification notification) {
        if (notification.type() == Notification.Type.RESOLVED) {
            return ":white_check_mark:";
        }
        return notification.alert().severity() == Severity.CRITICAL ? ":red_circle:" : ":warning:";
    }

    private static String body(Notification notification) {
        Finding finding = notification.alert().finding();
        if (notification.type() == Notification.Type.RESOLVED) {
            return "*Resolved:* " + escaped(finding.summary());
        }
        String summary = "*" + escaped(finding.summary()) + "*";
        return finding.hint().isEmpty() ? summary : summary + "\n" + escaped(finding.hint());
    }

    private static String timing(Alert alert) {
        if (alert.state() == AlertState.RESOLVED && alert.resolvedAt() != null) {
            Instant fired = alert.firingSince() == null ? alert.pendingSince() : alert.firingSince();
            return "Fired " + slackDate(fired) + ", resolved " + slackDate(alert.resolvedAt()) + " after "
                    + Durations.humanReadable(Duration.between(fired, alert.resolvedAt()));
        }
        if (alert.firingSince() == null) {
            return "Pending since " + slackDate(alert.pendingSince());
        }
        return "Firing since " + slackDate(alert.firingSince())
                + (alert.pendingSince().isBefore(alert.firingSince())
                        ? " (condition since " + slackDate(alert.pendingSince()) + ")"
                        : "");
    }

    /** Slack date formatting: shown in the reader's time zone, with UTC text as fallback. */
    private static String slackDate(Instant at) {
        return "<!date^" + at.getEpochSecond() + "^{date_short_pretty} {time_secs}|" + UTC_TIME.format(at) + ">";
    }

    /** Escapes the three characters Slack's mrkdwn reserves. */
    static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * {@code text} cut to at most {@code max} characters (UTF-16 units, as Slack counts), ending in {@code …}:
     * never between the two halves of a surrogate pair, never inside an {@code &amp;}-style escape.
     */
    static String shortened(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isLowSurrogate(text.charAt(end)) && end > 0) {
            end--;
        }
        String cut = text.substring(0, end);
        int amp = cut.lastIndexOf('&');
        if (amp >= 0 && cut.indexOf(';', amp) < 0 && cut.length() - amp <= 5) {
            cut = cut.substring(0, amp);
        }
        return cut + "…";
    }
}
