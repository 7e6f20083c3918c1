-- 0026 (issue 21, findings 5, 7, 9): statements record the format version
-- they were rendered with; a dated table of FX rates with their sources; a
-- payment's rate keeps its source.

-- The format a statement was issued in, and so the renderers that show it
-- (CSV, HTML, the CLI's table): 1 and 2 as before 0026 (2: the canonical
-- JSON's "format":2; 1: no "format" key), 3 from this migration on (the
-- original currency, amount and rate on each line, one sign convention in
-- every format, provisional statements without a SHA-256). A change to a
-- statement's format applies from the next close; an issued statement is
-- re-rendered with the version it was issued in. Rows issued before this
-- migration get the version their stored body says (the statement table is
-- append-only: its trigger is lifted for this one update and put back).
ALTER TABLE statement ADD COLUMN format_version BIGINT NOT NULL DEFAULT 1;
-- @sqlite
DROP TRIGGER statement_no_update;
UPDATE statement SET format_version = 2 WHERE substr(body, 1, 11) = '{"format":2';
CREATE TRIGGER statement_no_update BEFORE UPDATE ON statement BEGIN SELECT RAISE(ABORT, 'statement is append-only'); END;
-- @end
-- @postgresql
ALTER TABLE statement DISABLE TRIGGER statement_append_only;
UPDATE statement SET format_version = 2 WHERE substr(body, 1, 11) = '{"format":2';
ALTER TABLE statement ENABLE TRIGGER statement_append_only;
-- @end

-- FX rates: JPY per unit of `currency` on `rate_date`, with where the rate
-- comes from (a bank's TTM, the central bank's reference rate, …). One rate
-- per currency and day; append-only (a wrong rate is not edited: payments
-- already converted with it keep it on their postings).
CREATE TABLE fx_rate (
  id @ID@,
  rate_date TEXT NOT NULL,
  currency TEXT NOT NULL,
  rate TEXT NOT NULL,        -- decimal text, up to 6 decimals
  source TEXT NOT NULL,
  imported_at TEXT NOT NULL, -- UTC, ISO 8601
  actor TEXT NOT NULL,
  UNIQUE (rate_date, currency)
);

-- Where a payment's rate came from: the source given with it, or the
-- table's row ("fx table <date>: <source>"). NULL for JPY payments and for
-- payments recorded before 0026.
ALTER TABLE payment ADD COLUMN fx_source TEXT;

-- @sqlite
CREATE TRIGGER fx_rate_no_update BEFORE UPDATE ON fx_rate BEGIN SELECT RAISE(ABORT, 'fx_rate is append-only'); END;
CREATE TRIGGER fx_rate_no_delete BEFORE DELETE ON fx_rate BEGIN SELECT RAISE(ABORT, 'fx_rate is append-only'); END;
-- @end
-- @postgresql
CREATE TRIGGER fx_rate_append_only BEFORE UPDATE OR DELETE ON fx_rate FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
-- @end
