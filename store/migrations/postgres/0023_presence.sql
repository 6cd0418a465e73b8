-- Twin of ../0023_presence.sql: who has which card open, per node.
CREATE TABLE presence (
    node      TEXT   NOT NULL,
    session   TEXT   NOT NULL,
    agent     TEXT   NOT NULL,
    ticket_id BIGINT NOT NULL,
    editing   BIGINT NOT NULL DEFAULT 0,
    seen_at   BIGINT NOT NULL,
    PRIMARY KEY (node, session)
);

-- PostgreSQL only: the change feed's wake-up. Every statement that appends
-- events notifies the nodes listening (store/changes.go) when its
-- transaction commits, with the desk's schema as payload, since one
-- database may hold several desks; a transaction notifies once however
-- many statements it ran. The events sequence stays the truth: a listener
-- that missed a notification reads what it missed at its next poll.
CREATE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('loopdesk_events', TG_TABLE_SCHEMA);
    RETURN NULL;
END $$;
CREATE TRIGGER events_notify AFTER INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_notify();
