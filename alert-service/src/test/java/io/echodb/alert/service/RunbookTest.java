package io.echodb.alert.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.echodb.alert.config.AlertConfig;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every message links {@code <runbook>#<rule>}: each rule ({@code echodb.alert.rules.<rule>}) has its
 * {@code ## <rule>} section in docs/runbook.md, so GitHub's anchor exists.
 */
class RunbookTest {

    @Test
    void everyRuleHasItsSectionInTheRunbook() throws IOException {
        List<String> headings = Files.readAllLines(Path.of("../docs/runbook.md")).stream()
                .filter(line -> line.startsWith("## "))
                .map(line -> line.substring(3).strip())
                .toList();
        List<String> rules = Arrays.stream(AlertConfig.Rules.class.getDeclaredMethods())
                .filter(method -> !method.isDefault() && method.getParameterCount() == 0)
                .map(Method::getName)
                .map(name -> name.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT))
                .toList();

        assertThat(rules).hasSize(14).contains(SlotRetainedWalRule.NAME, MirrorPausedRule.NAME);
        assertThat(headings).containsAll(rules);
    }
}
