-- A counter bumped by every change to a tenant or its host names, whoever makes it (a
-- server, another replica, the CLI, a hand-written statement): each server caches tenants
-- in memory and reads this one row at most once a second to know when to drop its cache.
CREATE TABLE tenant_version (
    id BIGINT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO tenant_version (id, version) VALUES (1, 1);

CREATE TRIGGER tenants_inserted AFTER INSERT ON tenants
BEGIN UPDATE tenant_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER tenants_updated AFTER UPDATE ON tenants
BEGIN UPDATE tenant_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER tenants_deleted AFTER DELETE ON tenants
BEGIN UPDATE tenant_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER tenant_hosts_inserted AFTER INSERT ON tenant_hosts
BEGIN UPDATE tenant_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER tenant_hosts_updated AFTER UPDATE ON tenant_hosts
BEGIN UPDATE tenant_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER tenant_hosts_deleted AFTER DELETE ON tenant_hosts
BEGIN UPDATE tenant_version SET version = version + 1 WHERE id = 1; END;
