-- 0011: a payout recorded in error (twice, or the wrong amount) is undone
-- the same way as a payment (0010): a journal entry (kind payout_reversal)
-- negating the payout's entry, dated in an open month, and this row. The
-- institution's payable is owed again; its statement shows a negative payout.
CREATE TABLE payout_reversal (
  id @ID@,
  payout_id BIGINT NOT NULL UNIQUE REFERENCES payout (id),
  reversed_on TEXT NOT NULL,
  reason TEXT NOT NULL,
  entry_id BIGINT NOT NULL REFERENCES journal_entry (id),
  created_at TEXT NOT NULL
);

ALTER TABLE ledger_checkpoint ADD COLUMN payout_reversal_id BIGINT NOT NULL DEFAULT 0;

-- @sqlite
CREATE TRIGGER payout_reversal_no_update BEFORE UPDATE ON payout_reversal BEGIN SELECT RAISE(ABORT, 'payout_reversal is append-only'); END;
CREATE TRIGGER payout_reversal_no_delete BEFORE DELETE ON payout_reversal BEGIN SELECT RAISE(ABORT, 'payout_reversal is append-only'); END;
-- @end
-- @postgresql
CREATE TRIGGER payout_reversal_append_only BEFORE UPDATE OR DELETE ON payout_reversal FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
-- @end
