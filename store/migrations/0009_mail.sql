-- The e-mail channel: every message that joined a ticket's thread, so a
-- customer's answer (In-Reply-To, References) finds its ticket. Only a
-- keyed hash and a masked form of the sender's address are kept.
CREATE TABLE mail_messages (
    id            INTEGER PRIMARY KEY,
    ticket_id     INTEGER NOT NULL REFERENCES tickets (id),
    direction     TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    message_id    TEXT NOT NULL UNIQUE,
    sender_hash   TEXT NOT NULL DEFAULT '',
    sender_masked TEXT NOT NULL DEFAULT '',
    subject       TEXT NOT NULL DEFAULT '',
    body          TEXT NOT NULL DEFAULT '', -- the new text, as the card shows it
    quoted        TEXT NOT NULL DEFAULT '', -- quoted history, folded away on the card
    attachments   TEXT NOT NULL DEFAULT '[]', -- JSON: [{"name","type","size","truncated"}]
    at            INTEGER NOT NULL
);
CREATE INDEX mail_messages_ticket ON mail_messages (ticket_id, id);
