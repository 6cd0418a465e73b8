-- Teams, agents, tickets, internal notes and the append-only event log.
-- Times are Unix milliseconds (UTC); priority is 0 high, 1 medium, 2 low.

CREATE TABLE teams (
    name         TEXT PRIMARY KEY,
    display_name TEXT NOT NULL
);

INSERT INTO teams (name, display_name) VALUES
    ('service_desk',    'Service desk'),
    ('tech_support',    'Tech support'),
    ('service_quality', 'Service quality'),
    ('product',         'Product'),
    ('logistics',       'Logistics');

CREATE TABLE agents (
    name         TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
    team         TEXT REFERENCES teams (name),
    active       INTEGER NOT NULL DEFAULT 1,
    created_at   INTEGER NOT NULL
);

CREATE TABLE tickets (
    id                INTEGER PRIMARY KEY,
    external_id       TEXT UNIQUE,
    title             TEXT NOT NULL,
    body              TEXT NOT NULL DEFAULT '',
    channel           TEXT NOT NULL,
    category          TEXT NOT NULL,
    priority          INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 2),
    status            TEXT NOT NULL CHECK (status IN ('pending', 'in_progress', 'testing', 'resolved', 'closed')),
    team              TEXT REFERENCES teams (name),
    owner             TEXT REFERENCES agents (name),
    customer_name     TEXT NOT NULL DEFAULT '',
    customer_phone4   TEXT NOT NULL DEFAULT '',
    customer_tier     TEXT NOT NULL DEFAULT 'normal',
    industry          TEXT NOT NULL DEFAULT '',
    product           TEXT NOT NULL DEFAULT '',
    product_version   TEXT NOT NULL DEFAULT '',
    order_no          TEXT NOT NULL DEFAULT '',
    sentiment         TEXT NOT NULL DEFAULT 'neutral',
    sentiment_score   REAL NOT NULL DEFAULT 0,
    keywords          TEXT NOT NULL DEFAULT '',
    tags              TEXT NOT NULL DEFAULT '',
    received_at       INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    first_response_at INTEGER,
    resolved_at       INTEGER,
    closed_at         INTEGER,
    reopen_count      INTEGER NOT NULL DEFAULT 0,
    solution          TEXT NOT NULL DEFAULT '',
    duplicate_of      INTEGER REFERENCES tickets (id),
    note_count        INTEGER NOT NULL DEFAULT 0,
    version           INTEGER NOT NULL DEFAULT 1
);

-- The board reads one column at a time in (priority, id) order, by keyset.
CREATE INDEX tickets_board ON tickets (status, priority, id);
CREATE INDEX tickets_owner ON tickets (owner, status, priority, id);

CREATE TABLE notes (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    author     TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX notes_ticket ON notes (ticket_id, id);

-- The audit trail and change feed: seq only grows (AUTOINCREMENT never
-- reuses a number), rows are never updated or deleted.
CREATE TABLE events (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id INTEGER REFERENCES tickets (id),
    actor     TEXT NOT NULL,
    at        INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    field     TEXT NOT NULL DEFAULT '',
    before    TEXT NOT NULL DEFAULT '',
    after     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_ticket ON events (ticket_id, seq);

CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

-- Per-column ticket counts, maintained in the same transaction as every
-- create and move, so the board never counts the table.
CREATE TABLE column_counts (
    status TEXT PRIMARY KEY,
    n      INTEGER NOT NULL
);
INSERT INTO column_counts (status, n) VALUES
    ('pending', 0), ('in_progress', 0), ('testing', 0), ('resolved', 0), ('closed', 0);
