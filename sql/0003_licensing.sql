-- 0003: licences, royalties and the ledger. Money is BIGINT minor units of
-- the row's currency. Everything that records money is append-only in the
-- database itself (triggers below): corrections are new rows.

CREATE TABLE agreement (
  id @ID@,
  reference TEXT NOT NULL UNIQUE,
  licensee_id BIGINT NOT NULL REFERENCES institution (id),
  package_id BIGINT REFERENCES package (id),  -- NULL: a list of patents
  exclusive BIGINT NOT NULL CHECK (exclusive IN (0, 1)),
  field TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  currency TEXT NOT NULL,
  upfront_minor BIGINT NOT NULL CHECK (upfront_minor >= 0),
  minimum_annual_minor BIGINT NOT NULL CHECK (minimum_annual_minor >= 0),
  sublicense_share_bps BIGINT NOT NULL CHECK (sublicense_share_bps BETWEEN 0 AND 10000),
  policy TEXT NOT NULL,
  terms TEXT NOT NULL,  -- the agreement as submitted (JSON), for the record
  created_at TEXT NOT NULL,
  CHECK (ends_on >= starts_on)
);

CREATE TABLE agreement_territory (
  agreement_id BIGINT NOT NULL REFERENCES agreement (id),
  country TEXT NOT NULL,
  PRIMARY KEY (agreement_id, country)
);

-- The licensed patents with their allocation weights, fixed at signing: a
-- package's membership on the start date, or the listed patents (weight 1).
CREATE TABLE agreement_patent (
  agreement_id BIGINT NOT NULL REFERENCES agreement (id),
  patent_id BIGINT NOT NULL REFERENCES patent (id),
  weight BIGINT NOT NULL CHECK (weight > 0),
  PRIMARY KEY (agreement_id, patent_id)
);

CREATE TABLE royalty_tier (
  agreement_id BIGINT NOT NULL REFERENCES agreement (id),
  position BIGINT NOT NULL,
  up_to_minor BIGINT,  -- NULL: the open last tier
  rate_bps BIGINT NOT NULL CHECK (rate_bps BETWEEN 0 AND 10000),
  PRIMARY KEY (agreement_id, position)
);

CREATE TABLE milestone (
  agreement_id BIGINT NOT NULL REFERENCES agreement (id),
  name TEXT NOT NULL,
  amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
  PRIMARY KEY (agreement_id, name)
);

CREATE TABLE royalty_report (
  id @ID@,
  agreement_id BIGINT NOT NULL REFERENCES agreement (id),
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  net_sales_minor BIGINT NOT NULL,
  sublicense_income_minor BIGINT NOT NULL,
  corrects_report_id BIGINT REFERENCES royalty_report (id),
  received_at TEXT NOT NULL,
  CHECK (period_end >= period_start)
);
CREATE INDEX royalty_report_agreement ON royalty_report (agreement_id);

CREATE TABLE report_line (
  report_id BIGINT NOT NULL REFERENCES royalty_report (id),
  position BIGINT NOT NULL,
  territory TEXT NOT NULL,
  product TEXT NOT NULL,
  net_sales_minor BIGINT NOT NULL,
  PRIMARY KEY (report_id, position)
);

-- Journal entries and their postings (double entry, per currency: the
-- postings of an entry sum to zero in each currency). Debits are positive.
CREATE TABLE journal_entry (
  id @ID@,
  posted_on TEXT NOT NULL,    -- the accounting date (its month must be open)
  kind TEXT NOT NULL,         -- invoice, payment, distribution, payout, true_up, …
  reference TEXT NOT NULL,    -- the business key: invoice id, payment reference, …
  description TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX journal_entry_posted_on ON journal_entry (posted_on);

CREATE TABLE posting (
  id @ID@,
  entry_id BIGINT NOT NULL REFERENCES journal_entry (id),
  account TEXT NOT NULL,      -- "assets:receivable:C-0001", "liabilities:payable:U-TOKYO", …
  currency TEXT NOT NULL,
  amount_minor BIGINT NOT NULL,
  fx_rate TEXT,               -- JPY per unit, on currency-conversion legs
  -- What a statement line needs to say (NULL where it does not apply):
  institution_id BIGINT REFERENCES institution (id),
  agreement_id BIGINT REFERENCES agreement (id),
  patent_id BIGINT REFERENCES patent (id),
  income_type TEXT,
  share TEXT,                 -- exact fraction of the distributed amount
  payment_reference TEXT
);
CREATE INDEX posting_entry ON posting (entry_id);
CREATE INDEX posting_account ON posting (account);
CREATE INDEX posting_institution ON posting (institution_id);

-- Receivables: what a licensee owes, by income type.
CREATE TABLE invoice (
  id @ID@,
  agreement_id BIGINT NOT NULL REFERENCES agreement (id),
  income_type TEXT NOT NULL CHECK (income_type IN ('upfront', 'running_royalty', 'minimum_true_up',
    'milestone', 'sublicense', 'non_working_compensation', 'option_fee')),
  issued_on TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount_minor BIGINT NOT NULL,  -- negative for a correction's credit note
  report_id BIGINT REFERENCES royalty_report (id),
  milestone TEXT,
  contract_year BIGINT,
  entry_id BIGINT NOT NULL REFERENCES journal_entry (id)
);
CREATE INDEX invoice_agreement ON invoice (agreement_id);

CREATE TABLE payment (
  id @ID@,
  reference TEXT NOT NULL UNIQUE,  -- the bank reference: the idempotency key
  agreement_id BIGINT NOT NULL REFERENCES agreement (id),
  received_on TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
  fx_rate TEXT,                    -- JPY per unit; NULL for JPY
  jpy_minor BIGINT NOT NULL,
  content_hash TEXT NOT NULL,      -- what was recorded, to tell a replay from a conflict
  entry_id BIGINT NOT NULL REFERENCES journal_entry (id)
);

-- How much of a payment settled which invoice (invoice currency).
CREATE TABLE payment_application (
  payment_id BIGINT NOT NULL REFERENCES payment (id),
  invoice_id BIGINT NOT NULL REFERENCES invoice (id),
  amount_minor BIGINT NOT NULL,
  PRIMARY KEY (payment_id, invoice_id)
);

CREATE TABLE payout (
  id @ID@,
  reference TEXT NOT NULL UNIQUE,
  institution_id BIGINT NOT NULL REFERENCES institution (id),
  paid_on TEXT NOT NULL,
  amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
  entry_id BIGINT NOT NULL REFERENCES journal_entry (id)
);

-- A closed month: nothing may be posted on or before its last day.
CREATE TABLE closed_month (
  month TEXT PRIMARY KEY,  -- 'YYYY-MM'
  closed_at TEXT NOT NULL
);

-- Issued monthly royalty statements, exactly as issued.
CREATE TABLE statement (
  institution_id BIGINT NOT NULL REFERENCES institution (id),
  month TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  body TEXT NOT NULL,  -- the canonical JSON
  PRIMARY KEY (institution_id, month)
);

-- @sqlite
CREATE TRIGGER royalty_report_no_update BEFORE UPDATE ON royalty_report BEGIN SELECT RAISE(ABORT, 'royalty_report is append-only'); END;
CREATE TRIGGER royalty_report_no_delete BEFORE DELETE ON royalty_report BEGIN SELECT RAISE(ABORT, 'royalty_report is append-only'); END;
CREATE TRIGGER report_line_no_update BEFORE UPDATE ON report_line BEGIN SELECT RAISE(ABORT, 'report_line is append-only'); END;
CREATE TRIGGER report_line_no_delete BEFORE DELETE ON report_line BEGIN SELECT RAISE(ABORT, 'report_line is append-only'); END;
CREATE TRIGGER journal_entry_no_update BEFORE UPDATE ON journal_entry BEGIN SELECT RAISE(ABORT, 'journal_entry is append-only'); END;
CREATE TRIGGER journal_entry_no_delete BEFORE DELETE ON journal_entry BEGIN SELECT RAISE(ABORT, 'journal_entry is append-only'); END;
CREATE TRIGGER posting_no_update BEFORE UPDATE ON posting BEGIN SELECT RAISE(ABORT, 'posting is append-only'); END;
CREATE TRIGGER posting_no_delete BEFORE DELETE ON posting BEGIN SELECT RAISE(ABORT, 'posting is append-only'); END;
CREATE TRIGGER invoice_no_update BEFORE UPDATE ON invoice BEGIN SELECT RAISE(ABORT, 'invoice is append-only'); END;
CREATE TRIGGER invoice_no_delete BEFORE DELETE ON invoice BEGIN SELECT RAISE(ABORT, 'invoice is append-only'); END;
CREATE TRIGGER payment_no_update BEFORE UPDATE ON payment BEGIN SELECT RAISE(ABORT, 'payment is append-only'); END;
CREATE TRIGGER payment_no_delete BEFORE DELETE ON payment BEGIN SELECT RAISE(ABORT, 'payment is append-only'); END;
CREATE TRIGGER payment_application_no_update BEFORE UPDATE ON payment_application BEGIN SELECT RAISE(ABORT, 'payment_application is append-only'); END;
CREATE TRIGGER payment_application_no_delete BEFORE DELETE ON payment_application BEGIN SELECT RAISE(ABORT, 'payment_application is append-only'); END;
CREATE TRIGGER payout_no_update BEFORE UPDATE ON payout BEGIN SELECT RAISE(ABORT, 'payout is append-only'); END;
CREATE TRIGGER payout_no_delete BEFORE DELETE ON payout BEGIN SELECT RAISE(ABORT, 'payout is append-only'); END;
CREATE TRIGGER closed_month_no_update BEFORE UPDATE ON closed_month BEGIN SELECT RAISE(ABORT, 'closed_month is append-only'); END;
CREATE TRIGGER closed_month_no_delete BEFORE DELETE ON closed_month BEGIN SELECT RAISE(ABORT, 'closed_month is append-only'); END;
CREATE TRIGGER statement_no_update BEFORE UPDATE ON statement BEGIN SELECT RAISE(ABORT, 'statement is append-only'); END;
CREATE TRIGGER statement_no_delete BEFORE DELETE ON statement BEGIN SELECT RAISE(ABORT, 'statement is append-only'); END;
-- @end
-- @postgresql
CREATE TRIGGER royalty_report_append_only BEFORE UPDATE OR DELETE ON royalty_report FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
CREATE TRIGGER report_line_append_only BEFORE UPDATE OR DELETE ON report_line FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
CREATE TRIGGER journal_entry_append_only BEFORE UPDATE OR DELETE ON journal_entry FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
CREATE TRIGGER posting_append_only BEFORE UPDATE OR DELETE ON posting FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
CREATE TRIGGER invoice_append_only BEFORE UPDATE OR DELETE ON invoice FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
CREATE TRIGGER payment_append_only BEFORE UPDATE OR DELETE ON payment FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
CREATE TRIGGER payment_application_append_only BEFORE UPDATE OR DELETE ON payment_application FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
CREATE TRIGGER payout_append_only BEFORE UPDATE OR DELETE ON payout FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
CREATE TRIGGER closed_month_append_only BEFORE UPDATE OR DELETE ON closed_month FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
CREATE TRIGGER statement_append_only BEFORE UPDATE OR DELETE ON statement FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
-- @end

-- Milestones reached (append-only like the rest).
CREATE TABLE milestone_reached (
  agreement_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  reached_on TEXT NOT NULL,
  PRIMARY KEY (agreement_id, name),
  FOREIGN KEY (agreement_id, name) REFERENCES milestone (agreement_id, name)
);
