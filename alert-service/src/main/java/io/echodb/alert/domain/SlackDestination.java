package io.echodb.alert.domain;

import java.net.URI;

/**
 * Where a Slack message goes: a channel through the Web API (bot token) or an incoming webhook (bound to its own
 * channel).
 *
 * @param channel the channel ID or name, with a bot token; else {@code null}
 * @param webhook the incoming-webhook URL (a secret); else {@code null}
 */
public record SlackDestination(String channel, URI webhook) {

    /** A stable identity for pacing, grouping and health; never the webhook's secret path. */
    public String id() {
        return channel != null
                ? "channel " + channel
                : "webhook " + masked(webhook) + "#"
                        + Integer.toHexString(webhook.toString().hashCode());
    }

    /** How people see it in logs and health data: the channel, or the webhook's scheme and host. */
    @Override
    public String toString() {
        return channel != null ? channel : "webhook " + masked(webhook);
    }

    /** {@code https://hooks.slack.com/***}: scheme, host and port only; the path carries the webhook's secret. */
    public static String masked(URI url) {
        if (url == null || url.getScheme() == null || url.getHost() == null) {
            return "***";
        }
        return url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "") + "/***";
    }
}
