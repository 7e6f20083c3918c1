-- 0032: the stored docket's fees summed by month, for the fees forecast at
-- a million applications (issue 20, section 5: the forecast under 2 s).
-- One row per (month of the due date, jurisdiction, institution_id,
-- currency, unit):
--   institution_id 0  : every fee, whole (the totals and the jurisdiction,
--                       payer and package groupings);
--   institution_id > 0: that paying institution's parts
--                       (docket_task_share, pays = 1, amount_minor not null);
--   institution_id -1 : the whole fees that no share pays (no owner).
-- unit is the amount of each fee (or part) of the row in a foreign currency
-- (so that each is converted once, never the sum), 0 for JPY. amount_minor
-- is the sum, fees the count. The docket store keeps it exact in the same
-- transaction as every write of docket_task's fees and docket_task_share
-- (store/docket_store.cpp: delete_open, insert_tasks, set_fee); a row whose
-- count falls to 0 is deleted.
CREATE TABLE docket_fee_sum (
  month TEXT NOT NULL,              -- YYYY-MM of docket_task.due
  jurisdiction TEXT NOT NULL,
  institution_id BIGINT NOT NULL,
  currency TEXT NOT NULL,
  unit BIGINT NOT NULL,
  amount_minor BIGINT NOT NULL,
  fees BIGINT NOT NULL,
  PRIMARY KEY (month, jurisdiction, institution_id, currency, unit)
);

INSERT INTO docket_fee_sum (month, jurisdiction, institution_id, currency, unit, amount_minor, fees)
SELECT substr(t.due, 1, 7), t.jurisdiction, 0, t.fee_currency,
       CASE WHEN t.fee_currency = 'JPY' THEN 0 ELSE t.fee_amount_minor END,
       SUM(t.fee_amount_minor), COUNT(*)
FROM docket_task t WHERE t.fee_amount_minor IS NOT NULL
GROUP BY substr(t.due, 1, 7), t.jurisdiction, t.fee_currency,
         CASE WHEN t.fee_currency = 'JPY' THEN 0 ELSE t.fee_amount_minor END;

INSERT INTO docket_fee_sum (month, jurisdiction, institution_id, currency, unit, amount_minor, fees)
SELECT substr(t.due, 1, 7), t.jurisdiction, s.institution_id, t.fee_currency,
       CASE WHEN t.fee_currency = 'JPY' THEN 0 ELSE s.amount_minor END,
       SUM(s.amount_minor), COUNT(*)
FROM docket_task t JOIN docket_task_share s ON s.patent_id = t.patent_id AND s.task_key = t.task_key
WHERE t.fee_amount_minor IS NOT NULL AND s.pays = 1 AND s.amount_minor IS NOT NULL
GROUP BY substr(t.due, 1, 7), t.jurisdiction, s.institution_id, t.fee_currency,
         CASE WHEN t.fee_currency = 'JPY' THEN 0 ELSE s.amount_minor END;

INSERT INTO docket_fee_sum (month, jurisdiction, institution_id, currency, unit, amount_minor, fees)
SELECT substr(t.due, 1, 7), t.jurisdiction, -1, t.fee_currency,
       CASE WHEN t.fee_currency = 'JPY' THEN 0 ELSE t.fee_amount_minor END,
       SUM(t.fee_amount_minor), COUNT(*)
FROM docket_task t WHERE t.fee_amount_minor IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM docket_task_share s WHERE s.patent_id = t.patent_id AND s.task_key = t.task_key
  AND s.pays = 1 AND s.amount_minor IS NOT NULL)
GROUP BY substr(t.due, 1, 7), t.jurisdiction, t.fee_currency,
         CASE WHEN t.fee_currency = 'JPY' THEN 0 ELSE t.fee_amount_minor END;
