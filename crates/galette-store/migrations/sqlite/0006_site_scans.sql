-- Scans of a site run from the back office (galette-scan in headless Chromium). A row is
-- written 'running' when the scan starts and becomes 'done' (with its report) or 'failed'
-- (with the reason). The partial unique index lets one scan at a time run per site, in this
-- process or in another replica; a 'running' row older than the scan's deadline was left by
-- a process that died and is marked failed before a new scan starts.
CREATE TABLE site_scans (
    id INTEGER PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    url TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    policy_revision BIGINT NOT NULL,
    is_clean BIGINT,
    findings BIGINT,
    report TEXT,
    error TEXT
);
CREATE INDEX site_scans_by_tenant ON site_scans (tenant_id, id);
CREATE UNIQUE INDEX site_scans_one_running ON site_scans (tenant_id) WHERE status = 'running';
