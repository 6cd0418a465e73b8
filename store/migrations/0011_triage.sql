-- Learned triage (issue 15). Every trained model is kept, by version, so
-- a suggestion can always be traced to the model that made it.
CREATE TABLE triage_models (
    version    INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    examples   INTEGER NOT NULL, -- confirmed tickets it learned from
    model      BLOB NOT NULL     -- triage.MarshalModel
);

-- What triage suggested for a ticket when it arrived, and by which model
-- (0: the keyword rules alone).
CREATE TABLE triage_suggestions (
    ticket_id     INTEGER PRIMARY KEY REFERENCES tickets (id),
    model_version INTEGER NOT NULL DEFAULT 0,
    category      TEXT NOT NULL,
    confidence    REAL NOT NULL,
    sentiment     TEXT NOT NULL,
    reasons       TEXT NOT NULL DEFAULT '', -- comma-separated words that drove the category
    stated        INTEGER NOT NULL DEFAULT 0, -- the item came with its category (import, agent)
    review        INTEGER NOT NULL DEFAULT 0  -- too unsure to route: in the triage queue
);
CREATE INDEX triage_suggestions_review ON triage_suggestions (review, ticket_id);
