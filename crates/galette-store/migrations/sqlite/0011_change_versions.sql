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

CREATE TRIGGER tenants_inserted AFTER INSERT ON tenants
BEGIN UPDATE change_versions SET version = version + 1 WHERE name = 'tenants'; END;
CREATE TRIGGER tenants_updated AFTER UPDATE ON tenants
BEGIN UPDATE change_versions SET version = version + 1 WHERE name = 'tenants'; END;
CREATE TRIGGER tenants_deleted AFTER DELETE ON tenants
BEGIN UPDATE change_versions SET version = version + 1 WHERE name = 'tenants'; END;
CREATE TRIGGER tenant_hosts_inserted AFTER INSERT ON tenant_hosts
BEGIN UPDATE change_versions SET version = version + 1 WHERE name = 'tenants'; END;
CREATE TRIGGER tenant_hosts_updated AFTER UPDATE ON tenant_hosts
BEGIN UPDATE change_versions SET version = version + 1 WHERE name = 'tenants'; END;
CREATE TRIGGER tenant_hosts_deleted AFTER DELETE ON tenant_hosts
BEGIN UPDATE change_versions SET version = version + 1 WHERE name = 'tenants'; END;
CREATE TRIGGER news_posts_inserted AFTER INSERT ON news_posts
BEGIN UPDATE change_versions SET version = version + 1 WHERE name = 'news'; END;
CREATE TRIGGER news_posts_updated AFTER UPDATE ON news_posts
BEGIN UPDATE change_versions SET version = version + 1 WHERE name = 'news'; END;
CREATE TRIGGER news_posts_deleted AFTER DELETE ON news_posts
BEGIN UPDATE change_versions SET version = version + 1 WHERE name = 'news'; END;
