-- The dataset catalogue joins what servers cache in memory (the home page, the explorer's
-- list and the API's catalogue read it on every request): its counter is bumped by every
-- change to `datasets`, whoever makes it (an import by the CLI, another replica).
INSERT INTO change_versions (name, version) VALUES ('datasets', 1);

CREATE TRIGGER datasets_inserted AFTER INSERT ON datasets
BEGIN UPDATE change_versions SET version = version + 1 WHERE name = 'datasets'; END;
CREATE TRIGGER datasets_updated AFTER UPDATE ON datasets
BEGIN UPDATE change_versions SET version = version + 1 WHERE name = 'datasets'; END;
CREATE TRIGGER datasets_deleted AFTER DELETE ON datasets
BEGIN UPDATE change_versions SET version = version + 1 WHERE name = 'datasets'; END;
