-- 0016: the indexes one agreement's reports and invoices page on (WHERE
-- agreement_id = :a AND id > :after ORDER BY id); all of them page on the
-- primary key.
CREATE INDEX royalty_report_agreement_id ON royalty_report (agreement_id, id);
CREATE INDEX invoice_agreement_id ON invoice (agreement_id, id);
