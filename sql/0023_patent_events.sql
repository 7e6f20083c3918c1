-- 0023: an application's dated events (issue 20, section 1): what the
-- deadline rules read beside the patent record. Filing and the earliest
-- priority are not here: they come from patent.filing_date and the priority
-- claims. kind is one of docket::EventKind's words; reference carries the
-- registration number of a grant, the PCT number of an international
-- filing, the state of a validation, an office action's reference; value an
-- entity status (large, small, micro) or an office action's type; days a
-- term adjustment or an office action's period in days, months a period in
-- months; claims the claim count at grant (a grant event only). A
-- withdrawal (kind 'withdrawal') names the event it withdraws in
-- withdrawn_event_id and carries its reason in value. Events are
-- append-only: a wrong one is withdrawn by a later record, never edited or
-- deleted, so the facts a fee decision was taken on stay readable.
CREATE TABLE patent_event (
  id @ID@,
  patent_id BIGINT NOT NULL REFERENCES patent (id),
  kind TEXT NOT NULL CHECK (kind IN ('international_filing', 'national_phase_entry',
      'examination_request', 'allowance', 'publication', 'grant', 'validation', 'entity_status',
      'term_adjustment', 'office_action', 'office_action_response', 'lapse',
      'abandonment', 'expiry', 'withdrawal')),
  event_date TEXT NOT NULL,
  reference TEXT NOT NULL DEFAULT '',
  value TEXT NOT NULL DEFAULT '',
  days BIGINT,
  months BIGINT,
  claims BIGINT,               -- kind 'grant' only: the claim count at grant
  withdrawn_event_id BIGINT REFERENCES patent_event (id),  -- kind 'withdrawal' only
  recorded_at TEXT NOT NULL,   -- UTC, ISO 8601
  actor TEXT NOT NULL
);
CREATE INDEX patent_event_patent ON patent_event (patent_id, event_date);
-- @sqlite
CREATE TRIGGER patent_event_no_update BEFORE UPDATE ON patent_event
BEGIN
  SELECT RAISE(ABORT, 'patent_event is append-only');
END;
CREATE TRIGGER patent_event_no_delete BEFORE DELETE ON patent_event
BEGIN
  SELECT RAISE(ABORT, 'patent_event is append-only');
END;
-- @end
-- @postgresql
CREATE TRIGGER patent_event_append_only BEFORE UPDATE OR DELETE ON patent_event
  FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
-- @end
