-- Problems and requests: one bug behind many tickets, or one feature many
-- customers ask for. A ticket belongs to at most one problem. Impact and
-- priority are computed from the linked tickets when read, so they always
-- follow the links.
CREATE TABLE problems (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('bug', 'request')),
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'fixed', 'shipped', 'declined', 'planned')),
    owner      TEXT REFERENCES agents (name),
    team       TEXT REFERENCES teams (name),
    release    TEXT NOT NULL DEFAULT '', -- target release of a planned request
    resolution TEXT NOT NULL DEFAULT '', -- the fix summary or the reason for declining
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX problems_status ON problems (status, id);

CREATE TABLE problem_tickets (
    ticket_id  INTEGER PRIMARY KEY REFERENCES tickets (id),
    problem_id INTEGER NOT NULL REFERENCES problems (id),
    linked_by  TEXT NOT NULL,
    linked_at  INTEGER NOT NULL
);
CREATE INDEX problem_tickets_problem ON problem_tickets (problem_id, ticket_id);

-- What each linked ticket's customer was told about the problem. The key
-- makes a notice go out once, however often a bulk action is retried;
-- reply_id is NULL when the same customer was told through another ticket.
CREATE TABLE problem_notices (
    problem_id INTEGER NOT NULL REFERENCES problems (id),
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    kind       TEXT NOT NULL CHECK (kind IN ('fixed', 'declined', 'planned')),
    detail     TEXT NOT NULL DEFAULT '', -- the release of a planned notice
    reply_id   INTEGER REFERENCES replies (id),
    at         INTEGER NOT NULL,
    PRIMARY KEY (problem_id, ticket_id, kind, detail)
);

-- A problem's own audit trail: events about it carry its id (and the
-- ticket's, when a ticket was linked or unlinked).
ALTER TABLE events ADD COLUMN problem_id INTEGER REFERENCES problems (id);
CREATE INDEX events_problem ON events (problem_id, seq) WHERE problem_id IS NOT NULL;

-- What the customers of a problem are told. Placeholders as in every
-- template; {summary} is the fix or the reason, {release} the target release.
INSERT INTO reply_templates (name, lang, body, updated_by, updated_at) VALUES
    ('problem_fixed', 'zh', '{customer}您好，您在工单 {key} 中反映的问题已经修复：{summary} 感谢您的反馈。——{agent}', 'system', 0),
    ('problem_fixed', 'en', 'Hello {customer}, the problem you reported in ticket {key} is now fixed: {summary} Thank you for telling us. — {agent}', 'system', 0),
    ('problem_declined', 'zh', '{customer}您好，感谢您在工单 {key} 中提出的建议。经过评估，我们暂不采纳，原因是：{summary} 欢迎继续提出意见。——{agent}', 'system', 0),
    ('problem_declined', 'en', 'Hello {customer}, thank you for your suggestion in ticket {key}. We have looked at it carefully and will not take it up, because: {summary} Please keep telling us what you need. — {agent}', 'system', 0),
    ('problem_planned', 'zh', '{customer}您好，您在工单 {key} 中提出的需求已列入产品计划，预计在 {release} 版本中提供。——{agent}', 'system', 0),
    ('problem_planned', 'en', 'Hello {customer}, the feature you asked for in ticket {key} is on our roadmap for release {release}. — {agent}', 'system', 0);
