-- PostgreSQL twin of migrations/0002_agent_keys.sql (see migrations/postgres/README.md
-- for how the types and SQLite-only things are carried over).

-- SSH public keys: an agent may have several (laptop, desktop). The
-- fingerprint (SHA256:…) is how a connecting key is looked up.
CREATE TABLE agent_keys (
    fingerprint TEXT PRIMARY KEY,
    agent       TEXT NOT NULL REFERENCES agents (name),
    public_key  TEXT NOT NULL, -- authorized_keys line
    added_at    BIGINT NOT NULL
);
CREATE INDEX agent_keys_agent ON agent_keys (agent);
