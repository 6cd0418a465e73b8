-- PostgreSQL twin of migrations/0006_stats.sql (see migrations/postgres/README.md
-- for how the types and SQLite-only things are carried over).

-- Maintained aggregates for reports and the dashboard: counting a million
-- tickets takes seconds, reading a few thousand rollup rows milliseconds.
-- Every create, move, assignment, response, breach and score updates them
-- in its own transaction. day is the day number (days since 1970-01-01)
-- in the desk's time zone; the dimensions are the ticket's at the moment
-- of the change. Owners are kept apart in agent_stats: as a dimension here
-- they multiplied the rows a report reads by the number of agents.
CREATE TABLE daily_stats (
    day          BIGINT NOT NULL,
    channel      TEXT NOT NULL,
    category     TEXT NOT NULL,
    priority     BIGINT NOT NULL,
    team         TEXT NOT NULL,
    created      BIGINT NOT NULL DEFAULT 0, -- received this day
    negative     BIGINT NOT NULL DEFAULT 0, -- of those, negative sentiment
    positive     BIGINT NOT NULL DEFAULT 0,
    done         BIGINT NOT NULL DEFAULT 0, -- of those received this day, resolved or closed now
    resolved     BIGINT NOT NULL DEFAULT 0, -- resolutions made this day
    handling_ms  BIGINT NOT NULL DEFAULT 0, -- sum of received → resolved for those
    reopened     BIGINT NOT NULL DEFAULT 0, -- reopens made this day
    fr_met       BIGINT NOT NULL DEFAULT 0, -- first responses in time, by day received
    fr_breached  BIGINT NOT NULL DEFAULT 0,
    res_met      BIGINT NOT NULL DEFAULT 0, -- resolved or closed with no resolution breach, by day received
    res_breached BIGINT NOT NULL DEFAULT 0,
    csat_n       BIGINT NOT NULL DEFAULT 0, -- satisfaction scores given this day
    csat_time    BIGINT NOT NULL DEFAULT 0, -- sums of the 1–5 scores
    csat_effect  BIGINT NOT NULL DEFAULT 0,
    csat_att     BIGINT NOT NULL DEFAULT 0,
    csat_overall BIGINT NOT NULL DEFAULT 0,
    csat_low     BIGINT NOT NULL DEFAULT 0, -- scores with any dimension ≤ 3
    PRIMARY KEY (day, channel, category, priority, team)
);

-- Per agent and day: what their resolutions, reopens and scores add up to.
CREATE TABLE agent_stats (
    day          BIGINT NOT NULL,
    owner        TEXT NOT NULL,
    resolved     BIGINT NOT NULL DEFAULT 0,
    handling_ms  BIGINT NOT NULL DEFAULT 0,
    reopened     BIGINT NOT NULL DEFAULT 0,
    csat_n       BIGINT NOT NULL DEFAULT 0,
    csat_overall BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, owner)
);

-- Matched keywords per day, for "most frequent keywords".
CREATE TABLE keyword_stats (
    day     BIGINT NOT NULL,
    keyword TEXT NOT NULL,
    n       BIGINT NOT NULL,
    PRIMARY KEY (day, keyword)
);

-- Open cards per agent and status (owner '' = unassigned), for the team
-- view and per-agent load.
CREATE TABLE agent_load (
    owner  TEXT NOT NULL,
    status TEXT NOT NULL,
    n      BIGINT NOT NULL,
    PRIMARY KEY (owner, status)
);
