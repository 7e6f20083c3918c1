-- 0014: the indexes the money lists page on (WHERE key > :after ORDER BY key):
-- payments by date, then reference (all of them, and one agreement's), and
-- one licensee's agreements by reference (all agreements page on the
-- reference's own unique index; payables on posting_account).
CREATE INDEX payment_received ON payment (received_on, reference);
CREATE INDEX payment_agreement_received ON payment (agreement_id, received_on, reference);
CREATE INDEX agreement_licensee_reference ON agreement (licensee_id, reference);
