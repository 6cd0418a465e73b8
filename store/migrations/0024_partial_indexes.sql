-- Indexes that only ever serve one value of a column now hold only the
-- rows with it: the escalation queue, its board filter and count ask for
-- escalated = 1, the sentiment report for sentiment = 'negative', the
-- auto-close sweep for status = 'resolved', the triage queue for
-- review = 1, each spelled as that literal so the planner can use the
-- partial index. An import of new, pending, unescalated tickets that
-- triage is sure of writes into none of the five (it kept every index of
-- tickets and suggestions up to date for each row it added).
DROP INDEX tickets_escalated;
DROP INDEX tickets_status_escalated;
DROP INDEX tickets_sentiment;
DROP INDEX tickets_resolved_at;
DROP INDEX triage_suggestions_review;
CREATE INDEX tickets_escalated ON tickets (escalated, priority, id) WHERE escalated = 1;
CREATE INDEX tickets_status_escalated ON tickets (status, escalated) WHERE escalated = 1;
CREATE INDEX tickets_sentiment ON tickets (sentiment, received_at) WHERE sentiment = 'negative';
CREATE INDEX tickets_resolved_at ON tickets (status, resolved_at) WHERE status = 'resolved';
CREATE INDEX triage_suggestions_review ON triage_suggestions (review, ticket_id) WHERE review = 1;
