-- Datasets: one catalogue row per dataset, pointing at the table holding its current
-- version (ds_<uid>_v<version>, created by the importer); API keys.

CREATE TABLE datasets (
    id INTEGER PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    dataset_id TEXT NOT NULL,
    uid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description TEXT,
    visibility TEXT NOT NULL DEFAULT 'domain',
    fields TEXT NOT NULL,
    records_count BIGINT NOT NULL,
    modified BIGINT NOT NULL,
    version BIGINT NOT NULL,
    table_name TEXT NOT NULL,
    UNIQUE (tenant_id, dataset_id)
);

CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
