-- API quotas (docs/quotas.md). Each site's limits live with the site, so that servers read
-- them with the tenant they already keep in memory (and drop it when they change): calls
-- per window from one client address, calls per window with one API key or signed-in
-- account, and the window (minute, hour or day, in UTC). 0 means unlimited.
ALTER TABLE tenants ADD COLUMN api_quota_per_address BIGINT NOT NULL DEFAULT 10000;
ALTER TABLE tenants ADD COLUMN api_quota_per_key BIGINT NOT NULL DEFAULT 100000;
ALTER TABLE tenants ADD COLUMN api_quota_unit TEXT NOT NULL DEFAULT 'day';

-- Calls counted per caller and window, shared by every server on the database. `subject`
-- is a digest keyed by the site's secret (never an address or a key); `window_end` is
-- when the count stops mattering, and the periodic clean-up deletes rows past it.
CREATE TABLE api_call_counts (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    window_end BIGINT NOT NULL,
    calls BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, kind, subject, window_start, window_end)
);
CREATE INDEX api_call_counts_end ON api_call_counts(window_end);
