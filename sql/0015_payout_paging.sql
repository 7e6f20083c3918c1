-- 0015: the payout list pages by date, then reference (all payouts, and one
-- institution's), WHERE key > :after ORDER BY key.
CREATE INDEX payout_paid ON payout (paid_on, reference);
CREATE INDEX payout_institution_paid ON payout (institution_id, paid_on, reference);
