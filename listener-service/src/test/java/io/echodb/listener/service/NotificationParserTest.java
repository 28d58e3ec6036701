package io.echodb.listener.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.echodb.listener.domain.EventType;
import io.echodb.listener.domain.TableNotification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NotificationParserTest {

    private final NotificationParser parser = new NotificationParser(new ObjectMapper());

    @Test
    void acceptsTheTriggerPayload() {
        var result = parser.parse(
                "{\"v\":1,\"event\":\"CREATED\",\"tag\":\"CREATE TABLE\",\"oid\":16423,\"schema\":\"public\",\"table\":\"orders\"}");

        assertThat(result)
                .isEqualTo(new NotificationParser.Result.Accepted(
                        new TableNotification(EventType.CREATED, "CREATE TABLE", 16423L, "public", "orders")));
    }

    @Test
    void keepsQuotedUnicodeAndLongIdentifiersExactly() {
        String longName = "t" + "ü".repeat(31); // 63 bytes
        var result = parser.parse(
                "{\"v\":1,\"event\":\"DROPPED\",\"oid\":4294967295,\"schema\":\"My \\\"Schema\\\"\",\"table\":\""
                        + longName + "\",\"extra\":[1]}");

        assertThat(result)
                .isEqualTo(new NotificationParser.Result.Accepted(
                        new TableNotification(EventType.DROPPED, null, 4294967295L, "My \"Schema\"", longName)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"v\":1", "{} trailing", " "})
    void rejectsMalformedPayloads(String payload) {
        assertThat(reason(payload)).isEqualTo(NotificationParser.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[1,2]",
                "\"text\"",
                "{\"event\":\"CREATED\",\"oid\":1,\"schema\":\"s\",\"table\":\"t\"}",
                "{\"v\":\"1\",\"event\":\"CREATED\",\"oid\":1,\"schema\":\"s\",\"table\":\"t\"}",
                "{\"v\":1,\"event\":\"ALTERED\",\"oid\":1,\"schema\":\"s\",\"table\":\"t\"}",
                "{\"v\":1,\"event\":\"CREATED\",\"oid\":\"16423\",\"schema\":\"s\",\"table\":\"t\"}",
                "{\"v\":1,\"event\":\"CREATED\",\"oid\":1.5,\"schema\":\"s\",\"table\":\"t\"}",
                "{\"v\":1,\"event\":\"CREATED\",\"oid\":0,\"schema\":\"s\",\"table\":\"t\"}",
                "{\"v\":1,\"event\":\"CREATED\",\"oid\":4294967296,\"schema\":\"s\",\"table\":\"t\"}",
                "{\"v\":1,\"event\":\"CREATED\",\"oid\":1,\"schema\":\"\",\"table\":\"t\"}",
                "{\"v\":1,\"event\":\"CREATED\",\"oid\":1,\"schema\":\"s\",\"table\":7}",
                "{\"v\":1,\"event\":\"CREATED\",\"oid\":1,\"schema\":\"s\"}",
                "{\"v\":1,\"event\":\"CREATED\",\"tag\":5,\"oid\":1,\"schema\":\"s\",\"table\":\"t\"}"
            })
    void rejectsPayloadsWithMissingOrWrongTypedFields(String payload) {
        assertThat(reason(payload)).isEqualTo(NotificationParser.INVALID);
    }

    @Test
    void rejectsIdentifiersLongerThan63Bytes() {
        String tooLong = "ü".repeat(32); // 64 bytes, 32 characters
        assertThat(reason("{\"v\":1,\"event\":\"CREATED\",\"oid\":1,\"schema\":\"s\",\"table\":\"" + tooLong + "\"}"))
                .isEqualTo(NotificationParser.INVALID);
    }

    @Test
    void rejectsOtherVersions() {
        assertThat(reason("{\"v\":2,\"event\":\"CREATED\",\"oid\":1,\"schema\":\"s\",\"table\":\"t\"}"))
                .isEqualTo(NotificationParser.UNSUPPORTED_VERSION);
    }

    @Test
    void rejectsOversizedPayloadsWithoutParsingThem() {
        assertThat(reason("x".repeat(5000))).isEqualTo(NotificationParser.OVERSIZED);
        assertThat(reason("\"" + "日".repeat(400) + "\"")).isEqualTo(NotificationParser.OVERSIZED);
    }

    @Test
    void acceptsTheReplacedWorkersPayloadAsACreatedNotificationWithoutOid() {
        var result = parser.parseLegacy(
                "{\"schema\":\"Sales\",\"table\":\"Order \\\"Lines\\\"\",\"timestamp\":\"2026-01-02T03:04:05\"}");
        var numeric = parser.parseLegacy("{\"schema\":\"public\",\"table\":\"orders\",\"timestamp\":1767236645.5}");
        var bare = parser.parseLegacy("{\"schema\":\"public\",\"table\":\"orders\"}");

        assertThat(result)
                .isEqualTo(new NotificationParser.Result.Accepted(
                        new TableNotification(EventType.CREATED, null, null, "Sales", "Order \"Lines\"")));
        assertThat(numeric).isInstanceOf(NotificationParser.Result.Accepted.class);
        assertThat(bare).isInstanceOf(NotificationParser.Result.Accepted.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[\"public\",\"orders\"]",
                "{\"table\":\"orders\",\"timestamp\":\"2026-01-02\"}",
                "{\"schema\":\"public\",\"timestamp\":\"2026-01-02\"}",
                "{\"schema\":\"public\",\"table\":42}",
                "{\"schema\":\"\",\"table\":\"orders\"}",
                "{\"schema\":\"public\",\"table\":\"orders\",\"timestamp\":{\"at\":1}}",
                "{\"schema\":\"public\",\"table\":\"orders\",\"timestamp\":true}"
            })
    void rejectsLegacyPayloadsWithMissingOrWrongTypedFields(String payload) {
        assertThat(legacyReason(payload)).isEqualTo(NotificationParser.INVALID);
    }

    @Test
    void rejectsMalformedAndOversizedLegacyPayloads() {
        assertThat(legacyReason("schema=public table=orders")).isEqualTo(NotificationParser.MALFORMED);
        assertThat(legacyReason("")).isEqualTo(NotificationParser.MALFORMED);
        assertThat(legacyReason("{\"schema\":\"public\",\"table\":\"" + "x".repeat(2000) + "\"}"))
                .isEqualTo(NotificationParser.OVERSIZED);
    }

    private String legacyReason(String payload) {
        return parser.parseLegacy(payload) instanceof NotificationParser.Result.Rejected rejected
                ? rejected.reason()
                : "accepted";
    }

    private String reason(String payload) {
        return parser.parse(payload) instanceof NotificationParser.Result.Rejected rejected
                ? rejected.reason()
                : "accepted";
    }
}
