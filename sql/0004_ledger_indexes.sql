-- 0004: indexes the payment path needs at scale: an agreement's payments,
-- and what has been applied to an invoice.
CREATE INDEX payment_agreement ON payment (agreement_id);
CREATE INDEX payment_application_invoice ON payment_application (invoice_id);
CREATE INDEX invoice_issued_on ON invoice (issued_on);
