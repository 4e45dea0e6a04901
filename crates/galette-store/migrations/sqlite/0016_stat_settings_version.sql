-- The sites' statistics settings join what servers cache in memory (the policy page and its
-- JSON read them on every request): their counter is bumped by every change, whoever
-- makes it (the back office on another replica, `galette stats`).
INSERT INTO change_versions (name, version) VALUES ('stat_settings', 1);

CREATE TRIGGER stat_settings_inserted AFTER INSERT ON stat_settings
BEGIN UPDATE change_versions SET version = version + 1 WHERE name = 'stat_settings'; END;
CREATE TRIGGER stat_settings_updated AFTER UPDATE ON stat_settings
BEGIN UPDATE change_versions SET version = version + 1 WHERE name = 'stat_settings'; END;
CREATE TRIGGER stat_settings_deleted AFTER DELETE ON stat_settings
BEGIN UPDATE change_versions SET version = version + 1 WHERE name = 'stat_settings'; END;
