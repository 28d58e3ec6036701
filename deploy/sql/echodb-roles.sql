-- EchoDB's PostgreSQL logins with least privilege (docs/security.md explains each line).
-- Run once per source database, as a superuser or your provider's administrative role:
--
--   psql -v ON_ERROR_STOP=1 -d <database> \
--        -v listener_password='…' -v alert_password='…' -f deploy/sql/echodb-roles.sql
--
-- Then store the logins in the Secret echodb-secrets (keys listener-postgres-user/-password and
-- alert-postgres-user/-password). deploy-tests (DatabaseRolesTest) runs this script on PostgreSQL 17 and
-- checks that each login can do what its service does, and no more than that.
-- The event trigger is installed separately, by a superuser: listener-service/src/main/resources/db/
-- echodb-event-trigger.sql.

-- listener-service: LISTEN on channels echodb_table_events and peerdb_create_mirror, catalog lookups by OID
-- and the inventory (pg_class, pg_index, pg_namespace, pg_inherits, pg_depend, pg_extension, pg_event_trigger,
-- pg_publication, pg_publication_rel). LISTEN needs no privilege and the catalogs are readable by every role,
-- so CONNECT is all it needs: no access to any schema or table.
-- Only with ECHODB_LISTENER_NO_PRIMARY_KEY=replica-identity-full (ALTER TABLE … REPLICA IDENTITY FULL) or
-- ECHODB_LISTENER_PUBLICATION_NAME (ALTER PUBLICATION … ADD TABLE) does it need the rights of the owner of
-- those tables (and of the publication); PostgreSQL has no narrower grant. docs/security.md shows how.
CREATE ROLE echodb_listener LOGIN PASSWORD :'listener_password';
GRANT CONNECT ON DATABASE :"DBNAME" TO echodb_listener;

-- alert-service: one statement per poll reads pg_replication_slots, pg_current_wal_lsn(), the settings
-- max_replication_slots and max_slot_wal_keep_size, pg_stat_activity (sessions of PeerDB's user) and
-- pg_stat_replication (the walsender's state, which only members of pg_read_all_stats, part of pg_monitor,
-- see for other sessions).
CREATE ROLE echodb_alert LOGIN PASSWORD :'alert_password';
GRANT CONNECT ON DATABASE :"DBNAME" TO echodb_alert;
GRANT pg_monitor TO echodb_alert;

-- alert-service's state (alerts, silences, Slack messages): tables in schema echodb, created by the service at
-- its first poll (alert-service/src/main/resources/db/alert-state.sql) in the database of
-- ECHODB_ALERT_STATE_SOURCE (default: its own source). Needed there only; the event trigger's script creates
-- the same schema, this line creates it when the trigger is not installed yet. To avoid CREATE, run
-- alert-state.sql yourself and grant USAGE on the schema and SELECT, INSERT, UPDATE, DELETE on the three tables
-- instead (docs/security.md).
CREATE SCHEMA IF NOT EXISTS echodb;
GRANT USAGE, CREATE ON SCHEMA echodb TO echodb_alert;
