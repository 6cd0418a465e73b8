-- An agent accepted triage's suggested category from the triage review:
-- the ticket leaves the triage queue and its category counts as confirmed
-- history for learning, as an agent's correction does.
ALTER TABLE triage_suggestions ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 0;
