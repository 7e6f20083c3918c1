-- 0008: the ledger check at month close starts where the last one ended.
-- A checkpoint is written by each close, in its transaction, after the
-- ledger check passed: the highest row ids it covered and the sums it
-- verified (so the next close checks only the rows added since and adds
-- their sums to these). `chizai ledger check` still checks everything.
CREATE TABLE ledger_checkpoint (
  month TEXT PRIMARY KEY,        -- the close that wrote it, 'YYYY-MM'
  entry_id BIGINT NOT NULL,      -- highest journal_entry.id covered
  posting_id BIGINT NOT NULL,
  invoice_id BIGINT NOT NULL,
  payment_id BIGINT NOT NULL,    -- payment_application rows go with their payment
  payout_id BIGINT NOT NULL,
  created_at TEXT NOT NULL
);

-- The verified sums at the checkpoint. kind: 'invoiced' and 'applied' (key:
-- licensee code, from the invoice and payment_application tables),
-- 'receivable', 'undistributed' and 'payable' (key: the account; sums of postings).
CREATE TABLE ledger_checkpoint_sum (
  month TEXT NOT NULL REFERENCES ledger_checkpoint (month),
  kind TEXT NOT NULL CHECK (kind IN ('invoiced', 'applied', 'receivable', 'undistributed', 'payable')),
  account_key TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount_minor BIGINT NOT NULL,
  PRIMARY KEY (month, kind, account_key, currency)
);

-- @sqlite
CREATE TRIGGER ledger_checkpoint_no_update BEFORE UPDATE ON ledger_checkpoint BEGIN SELECT RAISE(ABORT, 'ledger_checkpoint is append-only'); END;
CREATE TRIGGER ledger_checkpoint_no_delete BEFORE DELETE ON ledger_checkpoint BEGIN SELECT RAISE(ABORT, 'ledger_checkpoint is append-only'); END;
CREATE TRIGGER ledger_checkpoint_sum_no_update BEFORE UPDATE ON ledger_checkpoint_sum BEGIN SELECT RAISE(ABORT, 'ledger_checkpoint_sum is append-only'); END;
CREATE TRIGGER ledger_checkpoint_sum_no_delete BEFORE DELETE ON ledger_checkpoint_sum BEGIN SELECT RAISE(ABORT, 'ledger_checkpoint_sum is append-only'); END;
-- @end
-- @postgresql
CREATE TRIGGER ledger_checkpoint_append_only BEFORE UPDATE OR DELETE ON ledger_checkpoint FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
CREATE TRIGGER ledger_checkpoint_sum_append_only BEFORE UPDATE OR DELETE ON ledger_checkpoint_sum FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
-- @end
