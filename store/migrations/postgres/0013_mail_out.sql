-- PostgreSQL twin of migrations/0013_mail_out.sql (see migrations/postgres/README.md
-- for how the types and SQLite-only things are carried over).

-- Replies by e-mail. An inbound message keeps the address to answer it
-- at, sealed (AES-256-GCM under a key derived from the desk secret, bound
-- to the row's sender hash): never in clear, and a copy of the database
-- without the secret cannot read it. An outbound message names the reply
-- it carries, so every attempt sends the same Message-ID.
ALTER TABLE mail_messages ADD COLUMN reply_to BYTEA;
ALTER TABLE mail_messages ADD COLUMN reply_id BIGINT REFERENCES replies (id);
CREATE UNIQUE INDEX mail_messages_reply ON mail_messages (reply_id) WHERE reply_id IS NOT NULL;

-- The company's relay that replies on the email channel leave through.
-- No password here: the sending process reads it from its environment or
-- from password_file (mode 0600).
CREATE TABLE mail_relay (
    id            BIGINT PRIMARY KEY CHECK (id = 1),
    url           TEXT NOT NULL, -- smtp://USER@HOST:PORT or smtps://…
    from_addr     TEXT NOT NULL, -- Support <support@example.com>
    password_file TEXT NOT NULL DEFAULT '',
    updated_by    TEXT NOT NULL,
    updated_at    BIGINT NOT NULL
);
