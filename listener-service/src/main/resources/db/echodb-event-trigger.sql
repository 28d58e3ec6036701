-- EchoDB event trigger: tells listener-service about every table created or dropped in this database.
--
-- What it installs (all in schema "echodb"):
--   * function echodb.notify_table_event(), an event-trigger function;
--   * event trigger echodb_table_created  ON ddl_command_end
--       WHEN TAG IN ('CREATE TABLE', 'CREATE TABLE AS', 'SELECT INTO');
--   * event trigger echodb_table_dropped  ON sql_drop.
--
-- For each permanent or unlogged table (temporary tables are skipped) the function sends, with
-- pg_notify on channel 'echodb_table_events', one JSON payload (docs/contracts.md section 1):
--   {"v":1,"event":"CREATED","tag":"CREATE TABLE","oid":16423,"schema":"public","table":"orders"}
-- Notifications are transactional: they reach listeners when the DDL commits, never if it rolls back.
-- The channel name is fixed here; if you change echodb.listener.channel, edit it below as well.
--
-- Safety: the whole body runs in a BEGIN ... EXCEPTION WHEN OTHERS block and only RAISEs a WARNING,
-- so an error in this function can never fail or roll back the user's DDL. The function runs with
-- the privileges of the user executing the DDL (SECURITY INVOKER) and a fixed search_path.
--
-- Privileges: creating event triggers needs a superuser (PostgreSQL 13 to 18). Run it as one:
--   psql -v ON_ERROR_STOP=1 -d <database> -f echodb-event-trigger.sql
-- The script is idempotent: running it again replaces the function and re-creates both triggers in
-- one transaction (serialised by an advisory lock), so there is never a moment without them.
-- To remove everything:
--   DROP EVENT TRIGGER IF EXISTS echodb_table_created;
--   DROP EVENT TRIGGER IF EXISTS echodb_table_dropped;
--   DROP FUNCTION IF EXISTS echodb.notify_table_event();

BEGIN;

-- Two installers running at once (several listener replicas) wait for each other.
SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('echodb_event_trigger'));

CREATE SCHEMA IF NOT EXISTS echodb;

CREATE OR REPLACE FUNCTION echodb.notify_table_event()
    RETURNS event_trigger
    LANGUAGE plpgsql
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    affected record;
BEGIN
    BEGIN
        IF TG_EVENT = 'ddl_command_end' THEN
            FOR affected IN
                SELECT DISTINCT ON (c.oid)
                       c.oid::bigint AS oid, n.nspname AS schema_name, c.relname AS table_name,
                       cmd.command_tag AS command_tag
                FROM pg_catalog.pg_event_trigger_ddl_commands() AS cmd
                JOIN pg_catalog.pg_class AS c ON c.oid = cmd.objid
                JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
                WHERE cmd.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                  AND cmd.object_type = 'table'
                  AND c.relpersistence <> 't'
            LOOP
                PERFORM pg_catalog.pg_notify('echodb_table_events', pg_catalog.json_build_object(
                    'v', 1,
                    'event', 'CREATED',
                    'tag', affected.command_tag,
                    'oid', affected.oid,
                    'schema', affected.schema_name,
                    'table', affected.table_name)::text);
            END LOOP;
        ELSIF TG_EVENT = 'sql_drop' THEN
            FOR affected IN
                SELECT DISTINCT ON (d.objid)
                       d.objid::bigint AS oid, d.schema_name AS schema_name, d.object_name AS table_name
                FROM pg_catalog.pg_event_trigger_dropped_objects() AS d
                WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                  AND d.object_type = 'table'
                  AND NOT d.is_temporary
            LOOP
                PERFORM pg_catalog.pg_notify('echodb_table_events', pg_catalog.json_build_object(
                    'v', 1,
                    'event', 'DROPPED',
                    'tag', TG_TAG,
                    'oid', affected.oid,
                    'schema', affected.schema_name,
                    'table', affected.table_name)::text);
            END LOOP;
        END IF;
    EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'echodb.notify_table_event: no EchoDB notification sent for % (%): % (SQLSTATE %)',
            TG_TAG, TG_EVENT, SQLERRM, SQLSTATE;
    END;
END;
$function$;

COMMENT ON FUNCTION echodb.notify_table_event() IS
    'EchoDB: sends {"v":1,"event":"CREATED|DROPPED",...} on channel echodb_table_events for each table created or dropped; never raises.';

DROP EVENT TRIGGER IF EXISTS echodb_table_created;
CREATE EVENT TRIGGER echodb_table_created
    ON ddl_command_end
    WHEN TAG IN ('CREATE TABLE', 'CREATE TABLE AS', 'SELECT INTO')
    EXECUTE FUNCTION echodb.notify_table_event();

DROP EVENT TRIGGER IF EXISTS echodb_table_dropped;
CREATE EVENT TRIGGER echodb_table_dropped
    ON sql_drop
    EXECUTE FUNCTION echodb.notify_table_event();

COMMIT;
