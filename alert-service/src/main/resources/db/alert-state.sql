-- alert-service state: schema echodb in the database of the state source (echodb.alert.state.source).
-- alert-service runs this at its first poll, under an advisory lock so replicas do not race; a DBA can run it by
-- hand instead and grant the service's login SELECT, INSERT, UPDATE, DELETE on the three tables.
-- Idempotent. Objects are created only when missing, so a login without CREATE rights works once they exist.
DO $$
BEGIN
    IF to_regnamespace('echodb') IS NULL THEN
        CREATE SCHEMA echodb;
    END IF;
    -- One row per alert that is pending, firing, or resolved with its resolved notification still to send.
    -- data: the whole alert as JSON (json, not jsonb, to keep the label order).
    IF to_regclass('echodb.alert_state') IS NULL THEN
        CREATE TABLE echodb.alert_state (
            fingerprint text PRIMARY KEY,
            rule        text        NOT NULL,
            state       text        NOT NULL,
            data        json        NOT NULL,
            updated_at  timestamptz NOT NULL
        );
    END IF;
    -- Silences (POST /api/v1/silences); expired ones are deleted a day after their end.
    IF to_regclass('echodb.alert_silence') IS NULL THEN
        CREATE TABLE echodb.alert_silence (
            id         uuid PRIMARY KEY,
            data       json        NOT NULL,
            ends_at    timestamptz NOT NULL,
            created_at timestamptz NOT NULL
        );
    END IF;
    -- Slack messages posted with a bot token: the alerts each one announced, to update it on resolve.
    -- Deleted 30 days after posting.
    IF to_regclass('echodb.alert_message') IS NULL THEN
        CREATE TABLE echodb.alert_message (
            channel   text        NOT NULL,
            ts        text        NOT NULL,
            data      json        NOT NULL,
            posted_at timestamptz NOT NULL,
            PRIMARY KEY (channel, ts)
        );
    END IF;
END
$$;
