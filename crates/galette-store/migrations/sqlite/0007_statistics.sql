-- Cookieless audience statistics (consent.md C-70..C-73, PRODUCT §5).

-- The day's salt (C-71): 32 random bytes (hex) per UTC day, shared by every replica through
-- the store, deleted at rollover so that two days can never be linked.
CREATE TABLE stat_salts (
    day BIGINT PRIMARY KEY,
    salt TEXT NOT NULL
);

-- Per-site settings; a site without a row has the defaults.
CREATE TABLE stat_settings (
    tenant_id BIGINT PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
    honour_gpc BIGINT NOT NULL DEFAULT 1,
    count_staff BIGINT NOT NULL DEFAULT 0,
    raw_days BIGINT NOT NULL DEFAULT 7,
    retention_months BIGINT NOT NULL DEFAULT 25
);

-- Raw events: a page view, an API call or a download. `visitor` is the day's keyed hash
-- (16 bytes, hex); it is cleared when its day is rolled up for the last time, so a raw
-- event older than today links to no one. Addresses and user agents are never stored.
CREATE TABLE stat_events (
    id INTEGER PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    visitor TEXT,
    kind TEXT NOT NULL,
    path TEXT NOT NULL,
    referrer TEXT,
    language TEXT NOT NULL,
    device TEXT NOT NULL,
    browser TEXT NOT NULL,
    country TEXT,
    dataset TEXT,
    format TEXT
);
CREATE INDEX stat_events_by_time ON stat_events (tenant_id, at);

-- Roll-ups: totals per hour and per day (grain 'hour' | 'day', start = Unix seconds of the
-- bucket's start, UTC). visitors = distinct visitor hashes in the bucket; visits = visits
-- that started in it (a visit ends after 30 minutes without a page view); bounces = visits
-- of one page view; duration_secs = sum over those visits of last minus first view.
CREATE TABLE stat_totals (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    grain TEXT NOT NULL,
    start BIGINT NOT NULL,
    visitors BIGINT NOT NULL,
    visits BIGINT NOT NULL,
    pageviews BIGINT NOT NULL,
    bounces BIGINT NOT NULL,
    duration_secs BIGINT NOT NULL,
    api_calls BIGINT NOT NULL,
    downloads BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, grain, start)
);

-- Breakdowns per day: dimension is one of page, entry, referrer, language, device, browser,
-- country, dataset (page views of a dataset's pages), api (calls per dataset, '' for the
-- catalogue), download (value 'dataset/format'). hits = page views, calls or downloads;
-- visits = visits that entered through this value (entry, referrer) or included it.
CREATE TABLE stat_breakdowns (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    day BIGINT NOT NULL,
    dimension TEXT NOT NULL,
    value TEXT NOT NULL,
    visitors BIGINT NOT NULL,
    visits BIGINT NOT NULL,
    hits BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, dimension, day, value)
);
