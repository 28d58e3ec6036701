package io.echodb.alert.service;

/** The name and lifecycle settings every rule carries. */
abstract class BaseRule implements AlertRule {

    private final String name;
    private final RuleSettings settings;

    BaseRule(String name, RuleSettings settings) {
        this.name = name;
        this.settings = settings;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final RuleSettings settings() {
        return settings;
    }
}
