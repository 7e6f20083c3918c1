-- 0010: a payment recorded in error is undone by a reversal, never by
-- changing it: a journal entry (kind payment_reversal) that posts the exact
-- negation of the payment's entry, dated in an open month, and this row.
-- A payment is reversed at most once; its invoice applications then no
-- longer count (the invoices are open again), and the payables, cost
-- recovery and licensee credit it moved are moved back.
CREATE TABLE payment_reversal (
  id @ID@,
  payment_id BIGINT NOT NULL UNIQUE REFERENCES payment (id),
  reversed_on TEXT NOT NULL,
  reason TEXT NOT NULL,
  entry_id BIGINT NOT NULL REFERENCES journal_entry (id),
  created_at TEXT NOT NULL
);

-- The ledger check at close adds, to its checkpoint's sums, the reversals
-- after the last one it covered.
ALTER TABLE ledger_checkpoint ADD COLUMN reversal_id BIGINT NOT NULL DEFAULT 0;

-- @sqlite
CREATE TRIGGER payment_reversal_no_update BEFORE UPDATE ON payment_reversal BEGIN SELECT RAISE(ABORT, 'payment_reversal is append-only'); END;
CREATE TRIGGER payment_reversal_no_delete BEFORE DELETE ON payment_reversal BEGIN SELECT RAISE(ABORT, 'payment_reversal is append-only'); END;
-- @end
-- @postgresql
CREATE TRIGGER payment_reversal_append_only BEFORE UPDATE OR DELETE ON payment_reversal FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
-- @end
