-- Maintained aggregates for reports and the dashboard: counting a million
-- tickets takes seconds, reading a few thousand rollup rows milliseconds.
-- Every create, move, assignment, response, breach and score updates them
-- in its own transaction. day is the day number (days since 1970-01-01)
-- in the desk's time zone; the dimensions are the ticket's at the moment
-- of the change. Owners are kept apart in agent_stats: as a dimension here
-- they multiplied the rows a report reads by the number of agents.
CREATE TABLE daily_stats (
    day          INTEGER NOT NULL,
    channel      TEXT NOT NULL,
    category     TEXT NOT NULL,
    priority     INTEGER NOT NULL,
    team         TEXT NOT NULL,
    created      INTEGER NOT NULL DEFAULT 0, -- received this day
    negative     INTEGER NOT NULL DEFAULT 0, -- of those, negative sentiment
    positive     INTEGER NOT NULL DEFAULT 0,
    done         INTEGER NOT NULL DEFAULT 0, -- of those received this day, resolved or closed now
    resolved     INTEGER NOT NULL DEFAULT 0, -- resolutions made this day
    handling_ms  INTEGER NOT NULL DEFAULT 0, -- sum of received → resolved for those
    reopened     INTEGER NOT NULL DEFAULT 0, -- reopens made this day
    fr_met       INTEGER NOT NULL DEFAULT 0, -- first responses in time, by day received
    fr_breached  INTEGER NOT NULL DEFAULT 0,
    res_met      INTEGER NOT NULL DEFAULT 0, -- resolved or closed with no resolution breach, by day received
    res_breached INTEGER NOT NULL DEFAULT 0,
    csat_n       INTEGER NOT NULL DEFAULT 0, -- satisfaction scores given this day
    csat_time    INTEGER NOT NULL DEFAULT 0, -- sums of the 1–5 scores
    csat_effect  INTEGER NOT NULL DEFAULT 0,
    csat_att     INTEGER NOT NULL DEFAULT 0,
    csat_overall INTEGER NOT NULL DEFAULT 0,
    csat_low     INTEGER NOT NULL DEFAULT 0, -- scores with any dimension ≤ 3
    PRIMARY KEY (day, channel, category, priority, team)
);

-- Per agent and day: what their resolutions, reopens and scores add up to.
CREATE TABLE agent_stats (
    day          INTEGER NOT NULL,
    owner        TEXT NOT NULL,
    resolved     INTEGER NOT NULL DEFAULT 0,
    handling_ms  INTEGER NOT NULL DEFAULT 0,
    reopened     INTEGER NOT NULL DEFAULT 0,
    csat_n       INTEGER NOT NULL DEFAULT 0,
    csat_overall INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, owner)
);

-- Matched keywords per day, for "most frequent keywords".
CREATE TABLE keyword_stats (
    day     INTEGER NOT NULL,
    keyword TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (day, keyword)
);

-- Open cards per agent and status (owner '' = unassigned), for the team
-- view and per-agent load.
CREATE TABLE agent_load (
    owner  TEXT NOT NULL,
    status TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (owner, status)
);
