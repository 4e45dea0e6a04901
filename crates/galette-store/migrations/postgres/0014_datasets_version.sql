-- The dataset catalogue joins what servers cache in memory (the home page, the explorer's
-- list and the API's catalogue read it on every request): its counter is bumped by every
-- change to `datasets`, whoever makes it (an import by the CLI, another replica).
INSERT INTO change_versions (name, version) VALUES ('datasets', 1);

CREATE TRIGGER datasets_changed AFTER INSERT OR UPDATE OR DELETE ON datasets
    FOR EACH STATEMENT EXECUTE FUNCTION bump_change_version('datasets');
