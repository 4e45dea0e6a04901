-- One row per dataset import under way: the new version's table, and when the import last
-- showed signs of life (Unix seconds, renewed at each batch it commits). It is written in
-- the transaction that creates the table and deleted in the one that publishes it (or by
-- an abort), so a row left behind means the importing process died (kill -9, power cut):
-- the periodic clean-up drops such a table once the row is older than its grace period,
-- and never a table whose import is still alive, in this process or another one.
CREATE TABLE imports_in_progress (
    table_name TEXT PRIMARY KEY,
    touched_at BIGINT NOT NULL
);
