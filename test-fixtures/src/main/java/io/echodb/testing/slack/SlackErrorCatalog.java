package io.echodb.testing.slack;

import io.echodb.testing.slack.SlackFault.Endpoint;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Slack errors {@link SlackFault#error(String)} knows, and where each exists: the Web API methods that
 * answer it as HTTP 200 {@code {"ok":false,"error":"<code>"}} (chat.postMessage, chat.update reference pages and
 * Slack's common Web API errors), and the HTTP status with which an incoming webhook answers it as a plain-text
 * body (https://api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks: 400
 * {@code invalid_payload}, {@code user_not_found}; 403 {@code action_prohibited}; 404 {@code channel_not_found};
 * 410 {@code channel_is_archived}; 500 {@code rollup_error}. From reports rather than that page: 403
 * {@code invalid_token} (alertmanager#3727), 404 {@code no_service} (slack-github-action#249, ansible#53689);
 * 400 {@code missing_text_or_fallback_or_attachments} (slack-github-action#117); inferred: 403
 * {@code posting_to_general_channel_denied}, 400 {@code too_many_attachments}, {@code invalid_blocks}).
 */
final class SlackErrorCatalog {

    /** Where one error exists. */
    record Entry(Set<Endpoint> apiMethods, Integer webhookStatus) {

        /** Whether a request to {@code endpoint} can get this error. */
        boolean existsOn(Endpoint endpoint) {
            return endpoint == Endpoint.WEBHOOK ? webhookStatus != null : apiMethods.contains(endpoint);
        }
    }

    private static final Set<Endpoint> BOTH = EnumSet.of(Endpoint.CHAT_POST_MESSAGE, Endpoint.CHAT_UPDATE);
    private static final Set<Endpoint> POST = EnumSet.of(Endpoint.CHAT_POST_MESSAGE);
    private static final Set<Endpoint> UPDATE = EnumSet.of(Endpoint.CHAT_UPDATE);
    private static final Set<Endpoint> NONE = EnumSet.noneOf(Endpoint.class);

    private static final Map<String, Entry> ERRORS = new LinkedHashMap<>();

    static {
        for (String auth : new String[] {
            "invalid_auth",
            "not_authed",
            "account_inactive",
            "token_revoked",
            "token_expired",
            "no_permission",
            "missing_scope",
            "not_allowed_token_type",
            "ekm_access_denied",
            "team_access_not_granted",
            "fatal_error",
            "internal_error"
        }) {
            ERRORS.put(auth, new Entry(BOTH, null));
        }
        ERRORS.put("channel_not_found", new Entry(BOTH, 404));
        ERRORS.put("not_in_channel", new Entry(POST, null));
        ERRORS.put("is_archived", new Entry(BOTH, null));
        ERRORS.put("restricted_action", new Entry(POST, null));
        ERRORS.put("msg_too_long", new Entry(BOTH, null));
        ERRORS.put("msg_blocks_too_long", new Entry(BOTH, null));
        ERRORS.put("no_text", new Entry(BOTH, null));
        ERRORS.put("invalid_blocks", new Entry(BOTH, 400));
        ERRORS.put("invalid_blocks_format", new Entry(BOTH, null));
        ERRORS.put("too_many_attachments", new Entry(BOTH, 400));
        ERRORS.put("invalid_thread_ts", new Entry(POST, null));
        ERRORS.put("thread_not_found", new Entry(POST, null));
        ERRORS.put("message_not_found", new Entry(UPDATE, null));
        ERRORS.put("cant_update_message", new Entry(UPDATE, null));
        ERRORS.put("edit_window_closed", new Entry(UPDATE, null));
        ERRORS.put("invalid_payload", new Entry(NONE, 400));
        ERRORS.put("user_not_found", new Entry(NONE, 400));
        ERRORS.put("missing_text_or_fallback_or_attachments", new Entry(NONE, 400));
        ERRORS.put("invalid_token", new Entry(NONE, 403));
        ERRORS.put("action_prohibited", new Entry(NONE, 403));
        ERRORS.put("posting_to_general_channel_denied", new Entry(NONE, 403));
        ERRORS.put("no_service", new Entry(NONE, 404));
        ERRORS.put("channel_is_archived", new Entry(NONE, 410));
        ERRORS.put("rollup_error", new Entry(NONE, 500));
    }

    private SlackErrorCatalog() {}

    static Optional<Entry> find(String code) {
        return Optional.ofNullable(ERRORS.get(code));
    }

    static Set<String> codes() {
        return ERRORS.keySet();
    }
}
