-- The sites' statistics settings join what servers cache in memory (the policy page and its
-- JSON read them on every request): their counter is bumped by every change, whoever
-- makes it (the back office on another replica, `galette stats`).
INSERT INTO change_versions (name, version) VALUES ('stat_settings', 1);

CREATE TRIGGER stat_settings_changed AFTER INSERT OR UPDATE OR DELETE ON stat_settings
    FOR EACH STATEMENT EXECUTE FUNCTION bump_change_version('stat_settings');
