-- Consent engine: policy revisions, third-party integrations, the hash-chained consent log.

ALTER TABLE tenants ADD COLUMN policy_revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE tenants ADD COLUMN consent_revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE tenants ADD COLUMN enforcement TEXT NOT NULL DEFAULT 'enforce';

-- A signed-in user's last choice (the cookie value), so it follows them to a new browser.
ALTER TABLE users ADD COLUMN consent_choice TEXT;

-- One row per revision: the registry as it was (canonical JSON) and whether it asked
-- visitors to consent again.
CREATE TABLE policy_revisions (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    revision BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    needs_consent BIGINT NOT NULL,
    snapshot TEXT NOT NULL,
    digest TEXT NOT NULL,
    changes TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (tenant_id, revision)
);

CREATE TABLE integrations (
    id INTEGER PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    kind TEXT NOT NULL,
    src TEXT NOT NULL,
    origins TEXT NOT NULL,
    cookies TEXT NOT NULL,
    UNIQUE (tenant_id, name)
);

CREATE TABLE integration_texts (
    integration_id BIGINT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (integration_id, language)
);

-- Append-only: each record is kept verbatim (`record`, canonical JSON) with its chain hash;
-- the other columns only serve queries (rates per category over time).
CREATE TABLE consent_log (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    seq BIGINT NOT NULL,
    ts BIGINT NOT NULL,
    action TEXT NOT NULL,
    granted TEXT NOT NULL,
    record TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX consent_log_time ON consent_log(tenant_id, ts);

CREATE TRIGGER consent_log_no_update BEFORE UPDATE ON consent_log
BEGIN
    SELECT RAISE(ABORT, 'the consent log is append-only');
END;

CREATE TRIGGER consent_log_no_delete BEFORE DELETE ON consent_log
BEGIN
    SELECT RAISE(ABORT, 'the consent log is append-only');
END;
