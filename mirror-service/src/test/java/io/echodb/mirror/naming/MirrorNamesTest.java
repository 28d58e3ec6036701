package io.echodb.mirror.naming;

import static org.assertj.core.api.Assertions.assertThat;

import io.echodb.mirror.domain.MirrorPlan;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MirrorNamesTest {

    private static final MirrorNames DEFAULTS = names("{table}_mirror", "{table}");

    private static MirrorNames names(String mirrorTemplate, String destinationTemplate) {
        return new MirrorNames(
                NameTemplate.parse("mirror", mirrorTemplate),
                NameTemplate.parse("destination", destinationTemplate),
                NameTemplate.parseShared("shared", "{source}_{schema}"));
    }

    @Test
    void validNameIsKeptAsRendered() {
        assertThat(DEFAULTS.mirrorName("postgres_main", "public", "orders")).isEqualTo("orders_mirror");
    }

    @Test
    void mixedCaseIsLowerCasedAndHashed() {
        // hash suffix: first 8 hex digits of SHA-256("public.Orders")
        assertThat(DEFAULTS.mirrorName("postgres_main", "public", "Orders")).isEqualTo("orders_mirror_43fd82f7");
    }

    @Test
    void tablesDifferingOnlyInCaseGetDifferentNames() {
        String lower = DEFAULTS.mirrorName("postgres_main", "public", "orders");
        String mixed = DEFAULTS.mirrorName("postgres_main", "public", "Orders");
        String upper = DEFAULTS.mirrorName("postgres_main", "public", "ORDERS");

        assertThat(List.of(lower, mixed, upper)).doesNotHaveDuplicates();
    }

    @Test
    void unicodeCharactersBecomeOneUnderscoreEach() {
        assertThat(DEFAULTS.mirrorName("postgres_main", "public", "Bestellübersicht"))
                .isEqualTo("bestell_bersicht_mirror_79fb9727");
        assertThat(DEFAULTS.mirrorName("postgres_main", "public", "表格")).isEqualTo("___mirror_b821ccdb");
        assertThat(DEFAULTS.mirrorName("postgres_main", "public", "t\uD83D\uDE00")) // one emoji, two UTF-16 units
                .startsWith("t__mirror_");
    }

    @Test
    void leadingDigitGetsAnUnderscorePrefix() {
        assertThat(DEFAULTS.mirrorName("postgres_main", "public", "2024_sales"))
                .isEqualTo("_2024_sales_mirror_58c7b587");
    }

    @Test
    void longestIdentifierIsShortenedToFortyNineCharacters() {
        String table = "a".repeat(63);

        String name = DEFAULTS.mirrorName("postgres_main", "public", table);

        assertThat(name).isEqualTo("a".repeat(40) + "_6919d14e").hasSize(MirrorNames.MAX_MIRROR_NAME_LENGTH);
    }

    @Test
    void validButTooLongNameIsShortenedWithHash() {
        String table = "b".repeat(45); // "bbb…_mirror" is valid but 52 characters

        String name = DEFAULTS.mirrorName("postgres_main", "public", table);

        assertThat(name).hasSize(49).startsWith("b".repeat(40) + "_").matches("^[a-z_][a-z0-9_]*$");
    }

    @Test
    void longTablesSharingAPrefixStayApart() {
        String first = DEFAULTS.mirrorName("postgres_main", "public", "x".repeat(60) + "_one");
        String second = DEFAULTS.mirrorName("postgres_main", "public", "x".repeat(60) + "_two");

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void injectionLookingNameIsNeutralised() {
        assertThat(DEFAULTS.mirrorName("postgres_main", "public", "orders; DROP TABLE x;--"))
                .isEqualTo("orders__drop_table_x____mirror_073632a5");
        assertThat(DEFAULTS.mirrorName("postgres_main", "public", "\"quoted\"")).isEqualTo("_quoted__mirror_c20e8cf6");
    }

    @Test
    void hashIsOfSchemaAndTable() {
        MirrorNames bySchema = names("{schema}_{table}", "{schema}_{table}");

        assertThat(bySchema.mirrorName("postgres_main", "Sales", "Orders")).isEqualTo("sales_orders_81283cb1");
        assertThat(bySchema.mirrorName("postgres_main", "sales", "orders")).isEqualTo("sales_orders");
    }

    @Test
    void sourcePlaceholderIsRendered() {
        MirrorNames bySource = names("{source}_{schema}_{table}", "{schema}_{table}");

        assertThat(bySource.mirrorName("postgres_main", "public", "orders")).isEqualTo("postgres_main_public_orders");
    }

    @Test
    void planCarriesUnquotedSourceIdentifierAndVerbatimDestination() {
        MirrorPlan plan = DEFAULTS.plan("postgres_main", "public", "Orders").orElseThrow();

        assertThat(plan.mirror()).isEqualTo("orders_mirror_43fd82f7");
        assertThat(plan.sourceTableIdentifier()).isEqualTo("public.Orders");
        assertThat(plan.destinationTable()).isEqualTo("Orders");
    }

    @Test
    void tableWithDotCannotBePlanned() {
        assertThat(DEFAULTS.plan("postgres_main", "public", "orders.v2")).isEmpty();
        assertThat(MirrorNames.unaddressableReason("public", "orders.v2"))
                .hasValueSatisfying(reason -> assertThat(reason).contains("'.'").contains("PeerDB"));
        assertThat(MirrorNames.unaddressableReason("my.schema", "orders")).isPresent();
        assertThat(MirrorNames.unaddressableReason("public", "orders")).isEmpty();
    }

    @Test
    void sharedMirrorIsNamedPerSourceAndSchema() {
        assertThat(DEFAULTS.sharedMirrorName("postgres_main", "public")).isEqualTo("postgres_main_public");
        assertThat(DEFAULTS.sharedMirrorName("postgres_main", "Sales"))
                .startsWith("postgres_main_sales_")
                .matches(MirrorNames.VALID_MIRROR_NAME);
        MirrorPlan plan =
                DEFAULTS.sharedPlan("postgres_main", "public", "Orders").orElseThrow();
        assertThat(plan.mirror()).isEqualTo("postgres_main_public");
        assertThat(plan.destinationTable()).isEqualTo("Orders");
        assertThat(DEFAULTS.sharedPlan("postgres_main", "public", "orders.v2")).isEmpty();
    }

    static Stream<String> awkwardTables() {
        return Stream.of(
                "orders",
                "Orders",
                "ORDERS",
                "2024",
                "_",
                "a b",
                "ä",
                "表格",
                "x".repeat(63),
                "É".repeat(31),
                "a-b-c",
                "select * from t",
                "''",
                "\\",
                "$1",
                "ß");
    }

    @ParameterizedTest
    @MethodSource("awkwardTables")
    void everyNameIsValidForPeerDb(String table) {
        String name = DEFAULTS.mirrorName("postgres_main", "public", table);

        assertThat(name).matches(MirrorNames.VALID_MIRROR_NAME).hasSizeLessThanOrEqualTo(49);
        assertThat(DEFAULTS.mirrorName("postgres_main", "public", table))
                .as("stable")
                .isEqualTo(name);
    }
}
