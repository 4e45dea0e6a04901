-- Counters bumped by every change to what servers cache in memory, whoever makes it (a
-- server, another replica, the CLI, a hand-written statement): each server reads the row
-- of what it caches at most once a second to know when to drop its copy.
--   tenants: the tenants and their host names;
--   news:    the notification feed's posts (the header's bell counts them).
CREATE TABLE change_versions (
    name TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO change_versions (name, version) VALUES ('tenants', 1), ('news', 1);

CREATE FUNCTION bump_change_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE change_versions SET version = version + 1 WHERE name = TG_ARGV[0];
    RETURN NULL;
END
$$;

CREATE TRIGGER tenants_changed AFTER INSERT OR UPDATE OR DELETE ON tenants
    FOR EACH STATEMENT EXECUTE FUNCTION bump_change_version('tenants');
CREATE TRIGGER tenant_hosts_changed AFTER INSERT OR UPDATE OR DELETE ON tenant_hosts
    FOR EACH STATEMENT EXECUTE FUNCTION bump_change_version('tenants');
CREATE TRIGGER news_posts_changed AFTER INSERT OR UPDATE OR DELETE ON news_posts
    FOR EACH STATEMENT EXECUTE FUNCTION bump_change_version('news');
