package io.echodb.mirror.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class NameTemplateTest {

    private static final String SETTING = "echodb.mirror.mirror-name-template";

    @Test
    void rendersEveryPlaceholder() {
        NameTemplate template = NameTemplate.parse(SETTING, "{source}-{schema}-{table}-{table}");

        assertThat(template.render("pg", "public", "orders")).isEqualTo("pg-public-orders-orders");
    }

    @Test
    void rendersValuesVerbatimEvenWithRegexSpecialCharacters() {
        NameTemplate template = NameTemplate.parse(SETTING, "{table}_mirror");

        assertThat(template.render("pg", "public", "a$1\\b")).isEqualTo("a$1\\b_mirror");
    }

    @Test
    void unknownPlaceholderIsRejectedNamingTheSetting() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NameTemplate.parse(SETTING, "{tbl}_mirror"))
                .withMessageContaining(SETTING)
                .withMessageContaining("{tbl}");
    }

    @Test
    void emptyOrBlankTemplateIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NameTemplate.parse(SETTING, ""))
                .withMessageContaining(SETTING)
                .withMessageContaining("empty");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NameTemplate.parse(SETTING, "  "))
                .withMessageContaining(SETTING);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NameTemplate.parse(SETTING, null))
                .withMessageContaining(SETTING);
    }

    @Test
    void templateWithoutTableIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NameTemplate.parse(SETTING, "{schema}_mirror"))
                .withMessageContaining(SETTING)
                .withMessageContaining("{table}");
    }

    @Test
    void sharedTemplateTakesSourceAndSchemaButNotTable() {
        String setting = "echodb.mirror.shared-mirror-name-template";

        assertThat(NameTemplate.parseShared(setting, "{source}_{schema}").render("pg", "public", "ignored"))
                .isEqualTo("pg_public");
        assertThat(NameTemplate.parseShared(setting, "all_tables").uses("schema"))
                .isFalse();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NameTemplate.parseShared(setting, "{schema}_{table}"))
                .withMessageContaining(setting)
                .withMessageContaining("{source} and {schema}");
    }

    @Test
    void unmatchedBraceIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NameTemplate.parse(SETTING, "{table}_mirror}"))
                .withMessageContaining("unmatched");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NameTemplate.parse(SETTING, "{{table}"))
                .withMessageContaining(SETTING);
    }
}
