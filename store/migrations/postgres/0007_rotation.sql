-- PostgreSQL twin of migrations/0007_rotation.sql (see migrations/postgres/README.md
-- for how the types and SQLite-only things are carried over).

-- Round-robin assignment: the agent of each team who got the last ticket.
CREATE TABLE team_rotation (
    team       TEXT PRIMARY KEY REFERENCES teams (name),
    last_agent TEXT NOT NULL
);
