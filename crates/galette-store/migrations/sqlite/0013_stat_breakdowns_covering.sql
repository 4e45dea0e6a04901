-- The dashboard's top lists read (value, visitors, visits, hits) over a range of the primary
-- key of stat_breakdowns and stat_month_breakdowns. As WITHOUT ROWID tables the rows are
-- stored in key order, so such a range is one contiguous read with no lookup per row (a
-- twelve-month page of a busy site reads about 80,000 rows per dimension). Same columns,
-- same key, same rows.
CREATE TABLE stat_breakdowns_new (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    day BIGINT NOT NULL,
    dimension TEXT NOT NULL,
    value TEXT NOT NULL,
    visitors BIGINT NOT NULL,
    visits BIGINT NOT NULL,
    hits BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, dimension, day, value)
) WITHOUT ROWID;
INSERT INTO stat_breakdowns_new SELECT tenant_id, day, dimension, value, visitors, visits, hits
    FROM stat_breakdowns;
DROP TABLE stat_breakdowns;
ALTER TABLE stat_breakdowns_new RENAME TO stat_breakdowns;

CREATE TABLE stat_month_breakdowns_new (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    month BIGINT NOT NULL,
    dimension TEXT NOT NULL,
    value TEXT NOT NULL,
    visitors BIGINT NOT NULL,
    visits BIGINT NOT NULL,
    hits BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, dimension, month, value)
) WITHOUT ROWID;
INSERT INTO stat_month_breakdowns_new
    SELECT tenant_id, month, dimension, value, visitors, visits, hits FROM stat_month_breakdowns;
DROP TABLE stat_month_breakdowns;
ALTER TABLE stat_month_breakdowns_new RENAME TO stat_month_breakdowns;
