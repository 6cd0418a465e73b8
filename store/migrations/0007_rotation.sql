-- Round-robin assignment: the agent of each team who got the last ticket.
CREATE TABLE team_rotation (
    team       TEXT PRIMARY KEY REFERENCES teams (name),
    last_agent TEXT NOT NULL
);
