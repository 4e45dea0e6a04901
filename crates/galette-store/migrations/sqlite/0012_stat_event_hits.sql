-- Identical events of the same second (same site, visitor hash, kind, path, referrer,
-- language, device, browser, country, dataset, format) are stored as one row: `hits` is how
-- many events the row stands for. Nothing identifying is added; existing rows are one each.
ALTER TABLE stat_events ADD COLUMN hits BIGINT NOT NULL DEFAULT 1;
