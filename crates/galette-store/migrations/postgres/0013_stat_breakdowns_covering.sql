-- The dashboard's top lists read (value, visitors, visits, hits) over a range of the primary
-- key of stat_breakdowns and stat_month_breakdowns. Carrying the three counters in the key's
-- index lets PostgreSQL answer them with index-only scans instead of one heap visit per row
-- (a twelve-month page of a busy site reads about 80,000 rows per dimension). The key, and
-- so the ON CONFLICT targets, are unchanged.
ALTER TABLE stat_breakdowns
    DROP CONSTRAINT stat_breakdowns_pkey,
    ADD PRIMARY KEY (tenant_id, dimension, day, value) INCLUDE (visitors, visits, hits);
ALTER TABLE stat_month_breakdowns
    DROP CONSTRAINT stat_month_breakdowns_pkey,
    ADD PRIMARY KEY (tenant_id, dimension, month, value) INCLUDE (visitors, visits, hits);
