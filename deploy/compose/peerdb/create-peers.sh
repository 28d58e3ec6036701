#!/bin/sh
# One-shot step of the compose stack: creates PeerDB's source and destination peers through the flow API
# (POST /v1/peers/create, body CreatePeerRequest with a Peer of PeerDB's protos/peers.proto).
# Idempotent: with allowUpdate=false PeerDB answers CREATED for an existing peer and leaves it unchanged.
# Every value comes from the environment set in docker-compose.yml.
set -eu

create_peer() {
  name=$1
  body=$2
  echo "creating PeerDB peer $name"
  response=$(curl --silent --show-error --fail-with-body --retry 10 --retry-all-errors --retry-delay 3 \
    --header 'Content-Type: application/json' --data "$body" "$PEERDB_API_URL/v1/peers/create")
  echo "$response"
  case "$response" in
    *'"CREATED"'*) ;;
    *) echo "PeerDB did not create peer $name" >&2; exit 1 ;;
  esac
}

create_peer "$SOURCE_PEER_NAME" "$(cat <<JSON
{"peer": {"name": "$SOURCE_PEER_NAME", "type": "POSTGRES",
          "postgresConfig": {"host": "$SOURCE_PG_HOST", "port": $SOURCE_PG_PORT, "user": "$SOURCE_PG_USER",
                             "password": "$SOURCE_PG_PASSWORD", "database": "$SOURCE_PG_DATABASE",
                             "disableTls": true}},
 "allowUpdate": false}
JSON
)"

create_peer "$TARGET_PEER_NAME" "$(cat <<JSON
{"peer": {"name": "$TARGET_PEER_NAME", "type": "CLICKHOUSE",
          "clickhouseConfig": {"host": "$CLICKHOUSE_HOST", "port": $CLICKHOUSE_PORT, "user": "$CLICKHOUSE_USER",
                               "password": "$CLICKHOUSE_PASSWORD", "database": "$CLICKHOUSE_DATABASE",
                               "disableTls": true,
                               "s3Path": "$STAGING_S3_PATH", "accessKeyId": "$STAGING_ACCESS_KEY_ID",
                               "secretAccessKey": "$STAGING_SECRET_ACCESS_KEY", "region": "$STAGING_REGION",
                               "endpoint": "$STAGING_ENDPOINT"}},
 "allowUpdate": false}
JSON
)"
