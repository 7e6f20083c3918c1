-- 0006: the deal pipeline. A deal is one company approached with one package;
-- it carries its current stage, and every change of stage is a row of
-- deal_event (append-only in the database itself, like change_log).
-- Stages: lead, contacted, nda, negotiation, licensed, declined. A deal
-- reaches 'licensed' only through an agreement (agreement_id is then set).

CREATE TABLE deal (
  id @ID@,
  institution_id BIGINT NOT NULL REFERENCES institution (id),
  package_id BIGINT NOT NULL REFERENCES package (id),
  stage TEXT NOT NULL CHECK (stage IN ('lead', 'contacted', 'nda', 'negotiation',
                                       'licensed', 'declined')),
  staff TEXT NOT NULL,
  changed_on TEXT NOT NULL,
  opened_on TEXT NOT NULL,
  agreement_id BIGINT REFERENCES agreement (id),
  UNIQUE (institution_id, package_id)
);
CREATE INDEX deal_package ON deal (package_id);
CREATE INDEX deal_stage ON deal (stage);

CREATE TABLE deal_event (
  id @ID@,
  deal_id BIGINT NOT NULL REFERENCES deal (id),
  from_stage TEXT CHECK (from_stage IS NULL OR from_stage IN
                         ('lead', 'contacted', 'nda', 'negotiation', 'licensed', 'declined')),
  to_stage TEXT NOT NULL CHECK (to_stage IN ('lead', 'contacted', 'nda', 'negotiation',
                                             'licensed', 'declined')),
  changed_on TEXT NOT NULL,
  staff TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  agreement_id BIGINT REFERENCES agreement (id),
  recorded_at TEXT NOT NULL,
  CHECK ((to_stage = 'licensed') = (agreement_id IS NOT NULL))
);
CREATE INDEX deal_event_deal ON deal_event (deal_id, id);

-- @sqlite
CREATE TRIGGER deal_event_no_update BEFORE UPDATE ON deal_event BEGIN SELECT RAISE(ABORT, 'deal_event is append-only'); END;
CREATE TRIGGER deal_event_no_delete BEFORE DELETE ON deal_event BEGIN SELECT RAISE(ABORT, 'deal_event is append-only'); END;
-- @end
-- @postgresql
CREATE TRIGGER deal_event_append_only BEFORE UPDATE OR DELETE ON deal_event FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
-- @end
