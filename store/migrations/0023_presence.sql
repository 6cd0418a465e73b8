-- Who has which card open, for every node of a desk (each `loopdesk serve`
-- process on the database): a node writes its sessions' rows again every
-- few seconds (internal/live/presence.go), so the boards on the other nodes
-- show them; rows not written again within the expiry are a node that
-- stopped without saying so, and are ignored and removed. Nothing here is
-- history: the table only ever holds a few rows per open session.
CREATE TABLE presence (
    node      TEXT    NOT NULL,
    session   TEXT    NOT NULL,
    agent     TEXT    NOT NULL,
    ticket_id INTEGER NOT NULL,
    editing   INTEGER NOT NULL DEFAULT 0,
    seen_at   INTEGER NOT NULL,
    PRIMARY KEY (node, session)
);
