-- 0009: two lookups that ran once per row of a growing table scanned the
-- whole table, so recording slowed as the ledger grew (found by profiling
-- `close_bench generate`):
-- * the report that corrects a report (asked for each report whenever an
--   agreement's reports are listed, so on every `report add`): 61% of the
--   time of a 3,000-agreement year;
-- * the exclusive agreements on a patent (asked for each licensed patent on
--   every `agreement add`, for the overlap refusal).
CREATE INDEX royalty_report_corrects ON royalty_report (corrects_report_id);
CREATE INDEX agreement_patent_patent ON agreement_patent (patent_id);
