-- The raw events that still carry a visitor hash: today's, and a past day's until its last
-- roll-up clears them. The recorder's jobs look for unfinished days every minute; this
-- partial index keeps that look from reading the finished days' events.
CREATE INDEX stat_events_unfinished ON stat_events (tenant_id, at) WHERE visitor IS NOT NULL;
