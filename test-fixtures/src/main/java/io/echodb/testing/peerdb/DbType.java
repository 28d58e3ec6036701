package io.echodb.testing.peerdb;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;

/** PeerDB's {@code DBType} (protos/peers.proto). Value 0 is {@code BIGQUERY}: a peer without a type is BigQuery. */
public enum DbType implements ProtoEnum {
    BIGQUERY(0),
    SNOWFLAKE(1),
    MONGO(2),
    POSTGRES(3),
    S3(5),
    SQLSERVER(6),
    MYSQL(7),
    CLICKHOUSE(8),
    KAFKA(9),
    PUBSUB(10),
    EVENTHUBS(11),
    ELASTICSEARCH(12);

    private final int number;

    DbType(int number) {
        this.number = number;
    }

    @Override
    public int number() {
        return number;
    }

    @JsonCreator
    static DbType fromJson(JsonNode node) {
        return ProtoEnum.parse(DbType.class, node);
    }
}
