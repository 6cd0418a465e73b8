-- The closed loop with the customer: replies and their delivery, solution
-- approval, satisfaction scores and survey links, the supervisors'
-- follow-up queue, the knowledge base, @mentions, merges and links.
-- The ticket row is not widened: its status, solution, reopen count and
-- duplicate_of columns already hold what the loop changes on a card.

-- Canned replies. priority and category NULL mean "any"; the placeholders
-- a body may use are listed in store/loop_template.go.
CREATE TABLE reply_templates (
    name       TEXT NOT NULL,
    lang       TEXT NOT NULL CHECK (lang IN ('zh', 'en')),
    priority   INTEGER CHECK (priority BETWEEN 0 AND 2),
    category   TEXT,
    body       TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (name, lang)
);

INSERT INTO reply_templates (name, lang, body, updated_by, updated_at) VALUES
    ('acknowledgement', 'zh', '{customer}您好，我们已收到您的反馈（工单号 {key}），{team}正在处理，预计 {expected} 前给您答复。如有补充，请直接回复本消息。——{agent}', 'system', 0),
    ('acknowledgement', 'en', 'Hello {customer}, we have received your feedback (ticket {key}). Our {team} team is on it and expects to get back to you by {expected}. Just reply to this message if you have anything to add. — {agent}', 'system', 0),
    ('progress', 'zh', '{customer}您好，关于工单 {key}：{team}仍在处理中，预计 {expected} 前解决。给您带来不便，敬请谅解。——{agent}', 'system', 0),
    ('progress', 'en', 'Hello {customer}, an update on ticket {key}: our {team} team is still working on it and expects to resolve it by {expected}. Sorry for the inconvenience. — {agent}', 'system', 0),
    ('resolution', 'zh', '{customer}您好，工单 {key} 反映的问题已处理完毕。请确认问题是否已解决，并花一分钟为我们的服务评分：{survey_link} ——{agent}', 'system', 0),
    ('resolution', 'en', 'Hello {customer}, the problem reported in ticket {key} has been resolved. Please confirm it is fixed for you and take a minute to rate our service: {survey_link} — {agent}', 'system', 0),
    ('follow_up', 'zh', '{customer}您好，感谢您对工单 {key} 的评价。很抱歉这次没有让您满意，我们会继续跟进，并尽快与您联系。——{agent}', 'system', 0),
    ('follow_up', 'en', 'Hello {customer}, thank you for rating ticket {key}. We are sorry we did not meet your expectations; we are following up and will contact you shortly. — {agent}', 'system', 0);

-- Customer-visible replies, kept apart from internal notes.
CREATE TABLE replies (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    author     TEXT NOT NULL,
    body       TEXT NOT NULL,
    template   TEXT NOT NULL DEFAULT '',
    lang       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX replies_ticket ON replies (ticket_id, id);

-- Where each channel's replies go (keyed by the domain channel name, not
-- by the intake channels table, so delivery does not depend on intake).
CREATE TABLE channel_webhooks (
    channel    TEXT PRIMARY KEY,
    url        TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- One delivery per reply. A worker claims a due row by setting a lease
-- inside a write transaction, so two processes never send it at once.
CREATE TABLE outbox (
    reply_id        INTEGER PRIMARY KEY REFERENCES replies (id),
    ticket_id       INTEGER NOT NULL REFERENCES tickets (id),
    channel         TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('queued', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_at         INTEGER NOT NULL,
    lease_owner     TEXT,
    lease_until     INTEGER,
    idempotency_key TEXT NOT NULL UNIQUE,
    last_error      TEXT NOT NULL DEFAULT '',
    delivered_at    INTEGER
);
CREATE INDEX outbox_due ON outbox (state, next_at);
CREATE INDEX outbox_ticket ON outbox (ticket_id, reply_id);

-- Every delivery attempt and what came of it.
CREATE TABLE delivery_attempts (
    id          INTEGER PRIMARY KEY,
    reply_id    INTEGER NOT NULL REFERENCES replies (id),
    at          INTEGER NOT NULL,
    worker      TEXT NOT NULL,
    status      INTEGER NOT NULL DEFAULT 0, -- HTTP status; 0 when none came back
    error       TEXT NOT NULL DEFAULT '',
    duration_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX delivery_attempts_reply ON delivery_attempts (reply_id, id);

-- Solutions of high-priority tickets waiting for a supervisor; at most one
-- pending request per ticket.
CREATE TABLE approvals (
    id           INTEGER PRIMARY KEY,
    ticket_id    INTEGER NOT NULL REFERENCES tickets (id),
    summary      TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
    requested_by TEXT NOT NULL,
    requested_at INTEGER NOT NULL,
    decided_by   TEXT,
    decided_at   INTEGER,
    reason       TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX approvals_one_pending ON approvals (ticket_id) WHERE state = 'pending';
CREATE INDEX approvals_queue ON approvals (state, id);
CREATE INDEX approvals_ticket ON approvals (ticket_id, id);

-- Satisfaction scores, from a phone call (agent) or the survey link.
CREATE TABLE satisfaction (
    id            INTEGER PRIMARY KEY,
    ticket_id     INTEGER NOT NULL REFERENCES tickets (id),
    timeliness    INTEGER NOT NULL CHECK (timeliness BETWEEN 1 AND 5),
    effectiveness INTEGER NOT NULL CHECK (effectiveness BETWEEN 1 AND 5),
    attitude      INTEGER NOT NULL CHECK (attitude BETWEEN 1 AND 5),
    overall       INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 5),
    comment       TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL CHECK (source IN ('agent', 'survey')),
    recorded_by   TEXT NOT NULL,
    at            INTEGER NOT NULL
);
CREATE INDEX satisfaction_ticket ON satisfaction (ticket_id, id);

-- Survey links: only the SHA-256 of a token is kept, so a copy of the
-- database cannot answer anyone's survey.
CREATE TABLE survey_tokens (
    hash       TEXT PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);

-- The supervisors' follow-up queue: low scores and reopened tickets.
CREATE TABLE follow_ups (
    id              INTEGER PRIMARY KEY,
    ticket_id       INTEGER NOT NULL REFERENCES tickets (id),
    reason          TEXT NOT NULL,
    detail          TEXT NOT NULL DEFAULT '',
    satisfaction_id INTEGER REFERENCES satisfaction (id),
    created_at      INTEGER NOT NULL,
    done_by         TEXT,
    done_at         INTEGER,
    note            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX follow_ups_queue ON follow_ups (done_at, id);
CREATE INDEX follow_ups_ticket ON follow_ups (ticket_id, id);

-- The knowledge base.
CREATE TABLE faq_articles (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    problem    TEXT NOT NULL,
    solution   TEXT NOT NULL,
    tags       TEXT NOT NULL DEFAULT '',
    lang       TEXT NOT NULL CHECK (lang IN ('zh', 'en')),
    ticket_id  INTEGER REFERENCES tickets (id),
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX faq_articles_lang ON faq_articles (lang, id);

-- @name in a note: the mentioned agent's unread badge.
CREATE TABLE mentions (
    id        INTEGER PRIMARY KEY,
    agent     TEXT NOT NULL REFERENCES agents (name),
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    note_id   INTEGER NOT NULL REFERENCES notes (id),
    author    TEXT NOT NULL,
    at        INTEGER NOT NULL,
    read_at   INTEGER
);
CREATE INDEX mentions_agent ON mentions (agent, read_at, id);

-- A duplicate merged into its survivor (tickets.duplicate_of says the same
-- on the card; this table is what the survivor's timeline reads).
CREATE TABLE merges (
    duplicate_id INTEGER PRIMARY KEY REFERENCES tickets (id),
    survivor_id  INTEGER NOT NULL REFERENCES tickets (id),
    merged_by    TEXT NOT NULL,
    merged_at    INTEGER NOT NULL
);
CREATE INDEX merges_survivor ON merges (survivor_id);

-- Related tickets, each pair once (a < b).
CREATE TABLE ticket_links (
    a         INTEGER NOT NULL REFERENCES tickets (id),
    b         INTEGER NOT NULL REFERENCES tickets (id),
    linked_by TEXT NOT NULL,
    linked_at INTEGER NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
);
CREATE INDEX ticket_links_b ON ticket_links (b, a);

-- The auto-close sweep reads resolved tickets by when they were resolved.
CREATE INDEX tickets_resolved_at ON tickets (status, resolved_at);
