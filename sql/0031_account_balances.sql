-- 0031 (issue 23 §6): running balances, so recording a payment or a payout
-- reads an account's balance in one indexed row instead of summing every
-- posting the account ever had (the close benchmark's payments slowed from
-- 49 s to 260 s a month as the ledger grew).
--
-- Kept for the accounts those reads name, and only those: the payables
-- (liabilities:payable:*), the licensee credit (liabilities:licensee-credit:*,
-- per agreement as well: a licensee's credit is held per agreement,
-- sql/0025) and the cost recovery (income:cost-recovery:*). One row per
-- (account, currency[, agreement]) holding the sum of its postings
-- (agreement_id 0 on the payables and cost recovery). Cash, receivables and
-- liabilities:undistributed are left out on purpose: nothing that records
-- reads their balance, and on PostgreSQL their rows would be hot, locked by
-- every report and payment until commit (reports would wait on payments,
-- and two batches could deadlock on them).
--
-- Written in the posting's own transaction by a trigger on posting (every
-- INSERT on such an account adds its amount), so no path that posts can
-- forget it; `chizai ledger check` compares every row with the postings'
-- sums and names a balance that drifts from the ledger. Not a ledger table:
-- it is derived and updated in place (no append-only trigger).
CREATE TABLE account_balance (
  account TEXT NOT NULL,
  currency TEXT NOT NULL,
  agreement_id BIGINT NOT NULL DEFAULT 0,
  balance_minor BIGINT NOT NULL,
  PRIMARY KEY (account, currency, agreement_id)
);

-- The postings already in the ledger.
INSERT INTO account_balance (account, currency, agreement_id, balance_minor)
SELECT account, currency, CASE WHEN account LIKE 'liabilities:licensee-credit:%' THEN COALESCE(agreement_id, 0) ELSE 0 END, CAST(SUM(amount_minor) AS BIGINT)
FROM posting WHERE (account LIKE 'liabilities:payable:%' OR account LIKE 'liabilities:licensee-credit:%' OR account LIKE 'income:cost-recovery:%')
GROUP BY account, currency, CASE WHEN account LIKE 'liabilities:licensee-credit:%' THEN COALESCE(agreement_id, 0) ELSE 0 END;

-- @sqlite
CREATE TRIGGER posting_running_balance AFTER INSERT ON posting
WHEN (NEW.account LIKE 'liabilities:payable:%' OR NEW.account LIKE 'liabilities:licensee-credit:%' OR NEW.account LIKE 'income:cost-recovery:%') BEGIN
  INSERT INTO account_balance (account, currency, agreement_id, balance_minor)
  VALUES (NEW.account, NEW.currency,
          CASE WHEN NEW.account LIKE 'liabilities:licensee-credit:%' THEN COALESCE(NEW.agreement_id, 0) ELSE 0 END, NEW.amount_minor)
  ON CONFLICT (account, currency, agreement_id) DO UPDATE SET balance_minor = balance_minor + excluded.balance_minor;
END;
-- @end
-- @postgresql
CREATE FUNCTION chizai_running_balance() RETURNS trigger AS $$
BEGIN
  INSERT INTO account_balance AS b (account, currency, agreement_id, balance_minor)
  VALUES (NEW.account, NEW.currency,
          CASE WHEN NEW.account LIKE 'liabilities:licensee-credit:%' THEN COALESCE(NEW.agreement_id, 0) ELSE 0 END, NEW.amount_minor)
  ON CONFLICT (account, currency, agreement_id) DO UPDATE SET balance_minor = b.balance_minor + EXCLUDED.balance_minor;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER posting_running_balance AFTER INSERT ON posting FOR EACH ROW WHEN (NEW.account LIKE 'liabilities:payable:%' OR NEW.account LIKE 'liabilities:licensee-credit:%' OR NEW.account LIKE 'income:cost-recovery:%') EXECUTE FUNCTION chizai_running_balance();
-- @end
