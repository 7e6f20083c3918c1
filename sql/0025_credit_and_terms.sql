-- 0025 (issue 21): licensee credit applied to invoices; the agreement's
-- minimum rule for a short year.
--
-- The agreement says whether a short last contract year owes the minimum
-- annual royalty pro rata by days (1) or in full (0). Agreements recorded
-- before keep the rule they were trued up under: the full minimum.
ALTER TABLE agreement ADD COLUMN minimum_pro_rata BIGINT NOT NULL DEFAULT 0;

-- A licensee's credit (an overpayment, or a payment received before the
-- invoice it pays was dated) applied to an open invoice of the same
-- agreement and currency: one row per invoice, the journal entry (kind
-- credit_application: Dr liabilities:licensee-credit, Cr receivable, then
-- the distribution) shared by the rows applied together. fx_rate: the JPY
-- per unit the applied part was distributed at (NULL for JPY).
CREATE TABLE credit_application (
  id @ID@,
  agreement_id BIGINT NOT NULL REFERENCES agreement (id),
  invoice_id BIGINT NOT NULL REFERENCES invoice (id),
  applied_on TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
  jpy_minor BIGINT NOT NULL,
  fx_rate TEXT,
  entry_id BIGINT NOT NULL REFERENCES journal_entry (id)
);
CREATE INDEX credit_application_invoice ON credit_application (invoice_id);
CREATE INDEX credit_application_agreement ON credit_application (agreement_id);

-- The ledger check at close adds, to its checkpoint's sums, the credit
-- applications after the last one it covered.
ALTER TABLE ledger_checkpoint ADD COLUMN credit_application_id BIGINT NOT NULL DEFAULT 0;

-- @sqlite
CREATE TRIGGER credit_application_no_update BEFORE UPDATE ON credit_application BEGIN SELECT RAISE(ABORT, 'credit_application is append-only'); END;
CREATE TRIGGER credit_application_no_delete BEFORE DELETE ON credit_application BEGIN SELECT RAISE(ABORT, 'credit_application is append-only'); END;
-- @end
-- @postgresql
CREATE TRIGGER credit_application_append_only BEFORE UPDATE OR DELETE ON credit_application FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
-- @end
