-- A counter bumped by every change to a tenant or its host names, whoever makes it (a
-- server, another replica, the CLI, a hand-written statement): each server caches tenants
-- in memory and reads this one row at most once a second to know when to drop its cache.
CREATE TABLE tenant_version (
    id BIGINT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO tenant_version (id, version) VALUES (1, 1);

CREATE FUNCTION bump_tenant_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tenant_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER tenants_changed AFTER INSERT OR UPDATE OR DELETE ON tenants
    FOR EACH STATEMENT EXECUTE FUNCTION bump_tenant_version();
CREATE TRIGGER tenant_hosts_changed AFTER INSERT OR UPDATE OR DELETE ON tenant_hosts
    FOR EACH STATEMENT EXECUTE FUNCTION bump_tenant_version();
