package io.echodb.alert.service;

import io.echodb.alert.config.AlertConfig;
import java.time.Duration;

/**
 * Lifecycle settings of one rule.
 *
 * @param enabled whether the rule is evaluated
 * @param forDuration how long its condition must hold before an alert fires
 * @param repeatInterval how often a firing alert is notified again; zero never repeats
 * @param sendResolved whether resolved alerts are notified
 */
public record RuleSettings(boolean enabled, Duration forDuration, Duration repeatInterval, boolean sendResolved) {

    /** The settings of {@code rule}, the global repeat interval and resolved switch where it has none. */
    public static RuleSettings of(AlertConfig global, AlertConfig.Rule rule) {
        return of(rule, global.repeatInterval(), global.sendResolved());
    }

    /** The settings of {@code rule} with the given defaults for the repeat interval and resolved switch. */
    public static RuleSettings of(AlertConfig.Rule rule, Duration defaultRepeat, boolean defaultSendResolved) {
        return new RuleSettings(
                rule.enabled(),
                rule.forDuration(),
                rule.repeatInterval().orElse(defaultRepeat),
                rule.sendResolved().orElse(defaultSendResolved));
    }
}
