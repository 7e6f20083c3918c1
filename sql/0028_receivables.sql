-- 0028 (issue 21, findings 2 and 8): credit notes netted against open
-- invoices, a correction after payment turned into licensee credit taken
-- back from the institutions, refunds of licensee credit, due dates and
-- expected royalty reports.

-- The agreement's payment terms (days from an invoice's date to its due
-- date) and its reporting obligation: the licensee reports each period
-- (quarterly, semiannual or annual from the agreement's start; none: no
-- report is expected) within reporting_days after the period's end. Both
-- day counts are fixed when the agreement is recorded (given, or the
-- configuration's licensing.payment_terms_days / licensing.reporting_days).
-- Agreements recorded before: 30-day terms, no expected report.
ALTER TABLE agreement ADD COLUMN payment_terms_days BIGINT NOT NULL DEFAULT 30;
ALTER TABLE agreement ADD COLUMN reporting_period TEXT NOT NULL DEFAULT 'none';
ALTER TABLE agreement ADD COLUMN reporting_days BIGINT NOT NULL DEFAULT 30;

-- An invoice's due date, fixed when it is issued (its date + the payment
-- terms). Invoices issued before this migration get the default terms,
-- 30 days (the invoice table is append-only: its trigger is lifted for this
-- one update and put back).
ALTER TABLE invoice ADD COLUMN due_on TEXT NOT NULL DEFAULT '';
-- @sqlite
DROP TRIGGER invoice_no_update;
UPDATE invoice SET due_on = date(issued_on, '+30 days');
CREATE TRIGGER invoice_no_update BEFORE UPDATE ON invoice BEGIN SELECT RAISE(ABORT, 'invoice is append-only'); END;
-- @end
-- @postgresql
ALTER TABLE invoice DISABLE TRIGGER invoice_append_only;
UPDATE invoice SET due_on = to_char(CAST(issued_on AS date) + 30, 'YYYY-MM-DD');
ALTER TABLE invoice ENABLE TRIGGER invoice_append_only;
-- @end

-- A credit note (a negative invoice) settled: netted against an open
-- invoice of the same agreement (invoice_id: that invoice; the journal
-- entry, kind credit_note_netting, moves the amount between the two on the
-- licensee's receivable), or, when nothing was left open, turned into
-- licensee credit (invoice_id NULL; kind correction_credit: Dr receivable,
-- Cr licensee-credit, and the income it corrects taken back from the
-- institutions, the aggregator and cost recovery by the split that
-- distributed it). jpy_minor: the JPY taken back (0 for a netting).
CREATE TABLE credit_note_application (
  id @ID@,
  agreement_id BIGINT NOT NULL REFERENCES agreement (id),
  credit_note_id BIGINT NOT NULL REFERENCES invoice (id),
  invoice_id BIGINT REFERENCES invoice (id),
  applied_on TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
  jpy_minor BIGINT NOT NULL,
  fx_rate TEXT,
  entry_id BIGINT NOT NULL REFERENCES journal_entry (id)
);
CREATE INDEX credit_note_application_note ON credit_note_application (credit_note_id);
CREATE INDEX credit_note_application_invoice ON credit_note_application (invoice_id);

-- Licensee credit paid back to the licensee (kind credit_refund: Dr
-- liabilities:licensee-credit, Cr assets:cash). reference: the bank
-- reference, unique, the idempotency key.
CREATE TABLE credit_refund (
  id @ID@,
  agreement_id BIGINT NOT NULL REFERENCES agreement (id),
  refunded_on TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
  reference TEXT NOT NULL UNIQUE,
  entry_id BIGINT NOT NULL REFERENCES journal_entry (id),
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL
);

-- The ledger check at close adds the credit-note settlements after the
-- last one it covered.
ALTER TABLE ledger_checkpoint ADD COLUMN credit_note_application_id BIGINT NOT NULL DEFAULT 0;

-- @sqlite
CREATE TRIGGER credit_note_application_no_update BEFORE UPDATE ON credit_note_application BEGIN SELECT RAISE(ABORT, 'credit_note_application is append-only'); END;
CREATE TRIGGER credit_note_application_no_delete BEFORE DELETE ON credit_note_application BEGIN SELECT RAISE(ABORT, 'credit_note_application is append-only'); END;
CREATE TRIGGER credit_refund_no_update BEFORE UPDATE ON credit_refund BEGIN SELECT RAISE(ABORT, 'credit_refund is append-only'); END;
CREATE TRIGGER credit_refund_no_delete BEFORE DELETE ON credit_refund BEGIN SELECT RAISE(ABORT, 'credit_refund is append-only'); END;
-- @end
-- @postgresql
CREATE TRIGGER credit_note_application_append_only BEFORE UPDATE OR DELETE ON credit_note_application FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
CREATE TRIGGER credit_refund_append_only BEFORE UPDATE OR DELETE ON credit_refund FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
-- @end
