-- Tenants, their hostnames, users, server-side sessions, login throttling and the cookie registry.
-- Booleans are 0/1 integers and times are Unix seconds, identical on both backends.

CREATE TABLE tenants (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    default_language TEXT NOT NULL,
    languages TEXT NOT NULL,
    trusted_origins TEXT NOT NULL DEFAULT '',
    policy_intro TEXT NOT NULL,
    policy_last_update TEXT,
    secret TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE tenant_hosts (
    hostname TEXT PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    position BIGINT NOT NULL
);
CREATE INDEX tenant_hosts_tenant ON tenant_hosts(tenant_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    UNIQUE (tenant_id, email)
);

CREATE TABLE sessions (
    session_key TEXT PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    data TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE login_failures (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    account TEXT NOT NULL,
    client TEXT NOT NULL,
    failed_at BIGINT NOT NULL
);
CREATE INDEX login_failures_account ON login_failures(tenant_id, account, failed_at);
CREATE INDEX login_failures_client ON login_failures(tenant_id, client, failed_at);

CREATE TABLE cookie_declarations (
    id INTEGER PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    name_pattern TEXT NOT NULL,
    provider TEXT,
    category TEXT NOT NULL,
    party TEXT NOT NULL,
    lifetime_secs BIGINT,
    UNIQUE (tenant_id, name_pattern)
);

CREATE TABLE cookie_texts (
    declaration_id BIGINT NOT NULL REFERENCES cookie_declarations(id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    function_location TEXT NOT NULL,
    purpose TEXT NOT NULL,
    PRIMARY KEY (declaration_id, language)
);
