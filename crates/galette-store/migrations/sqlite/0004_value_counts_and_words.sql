-- Which fields of a dataset's current version have a value-count table beside it
-- (<table_name>_n<field index>: one row per distinct value with its row count), written at
-- import so that unfiltered facets and group-by counts need not scan the rows. A comma list
-- of field indexes; empty for versions imported before these tables existed.

ALTER TABLE datasets ADD COLUMN value_counts TEXT NOT NULL DEFAULT '';

-- The lower-cased words of a dataset's id and title, space-separated with a space at each
-- end (as the rows' `words`), so that the catalogue answers ODSQL text search.
ALTER TABLE datasets ADD COLUMN words TEXT NOT NULL DEFAULT '';
