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

-- listener-service: LISTEN on channel echodb_table_events and catalog lookups by OID (pg_class, pg_index,
-- pg_namespace, pg_inherits, pg_depend, pg_extension, pg_event_trigger). LISTEN needs no privilege and the
-- catalogs are readable by every role, so CONNECT is all it needs: no access to any schema or table.
CREATE ROLE echodb_listener LOGIN PASSWORD :'listener_password';
GRANT CONNECT ON DATABASE :"DBNAME" TO echodb_listener;

-- alert-service: reads pg_replication_slots with pg_current_wal_lsn() (readable by every role) and, for
-- the replication statistics and settings its later rules read, pg_stat_replication and pg_settings,
-- whose details only members of pg_monitor see.
CREATE ROLE echodb_alert LOGIN PASSWORD :'alert_password';
GRANT CONNECT ON DATABASE :"DBNAME" TO echodb_alert;
GRANT pg_monitor TO echodb_alert;
