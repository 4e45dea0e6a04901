-- The statistics dashboard's monthly sums of stat_breakdowns (galette-store stats_read.rs),
-- so that a twelve-month page reads about 12 × the distinct values rather than 365 × them.
-- A site's month is summed on the first dashboard read after it has settled (ended two days
-- earlier: its last day finished by the recorder), from the daily rows, and never changes;
-- months older than the site's oldest daily roll-up are not read and are deleted by the
-- dashboard's next read (and should be by the retention job, with the daily rows).
-- month and end_day are day numbers (days since 1970-01-01), like stat_breakdowns.day.
CREATE TABLE stat_month_breakdowns (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    month BIGINT NOT NULL,
    dimension TEXT NOT NULL,
    value TEXT NOT NULL,
    visitors BIGINT NOT NULL,
    visits BIGINT NOT NULL,
    hits BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, dimension, month, value)
);

-- The months summed per site (a month with no breakdown has a row here and none above).
CREATE TABLE stat_months_summed (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    month BIGINT NOT NULL,
    end_day BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, month)
);
