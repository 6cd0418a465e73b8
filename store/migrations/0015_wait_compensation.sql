-- Waiting on the customer: the background sweep finds the waits that
-- began before a cutoff without reading every event.
CREATE INDEX events_waiting ON events (at, ticket_id) WHERE kind = 'waiting';

-- What the customer is sent when a wait has gone unanswered for the
-- reminder window. {question} is what the agent asked.
INSERT INTO reply_templates (name, lang, body, updated_by, updated_at) VALUES
    ('wait_reminder', 'zh', '{customer}您好，关于工单 {key}，我们还在等待您的答复：{question} 收到您的回复后我们会立即继续处理；如一直未收到答复，工单将自动结案。——{team}', 'system', 0),
    ('wait_reminder', 'en', 'Hello {customer}, about ticket {key} we are still waiting for your answer: {question} We will carry on as soon as you reply; without an answer the ticket will be closed. — {team}', 'system', 0);

-- Compensation an agent records on a complaint. Above the desk's limit it
-- waits for a supervisor's approval (state pending); value is in whole
-- units of the desk's currency (a coupon's worth, a refund's amount).
CREATE TABLE compensations (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    kind        TEXT NOT NULL CHECK (kind IN ('apology_letter', 'coupon', 'service_upgrade', 'refund')),
    value       INTEGER NOT NULL DEFAULT 0 CHECK (value >= 0),
    text        TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'approved')),
    recorded_by TEXT NOT NULL,
    recorded_at INTEGER NOT NULL,
    approved_by TEXT,
    approved_at INTEGER
);
CREATE INDEX compensations_ticket ON compensations (ticket_id, id);
CREATE INDEX compensations_recorded ON compensations (recorded_at);
