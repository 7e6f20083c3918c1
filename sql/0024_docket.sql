-- 0024: the docket (issue 20, section 3). The tasks the rules compute from
-- an application's facts (docket/engine.h) are materialised here so that
-- the agenda is an indexed query; DocketService::recompute replaces a
-- patent's open tasks whenever its facts, the rule book or the calendars
-- change (docket_state holds the versions the stored tasks were computed
-- with). Dates are "YYYY-MM-DD", timestamps UTC "YYYY-MM-DDTHH:MM:SSZ".
--
-- docket_task: one row per (patent, task key). state is the task's last
-- decision (open, done, waived); "missed" is not stored: an open task
-- whose last_day (grace_end, else due) is before today. A done or waived
-- task is never replaced by a recomputation: it keeps the fee table it was
-- done under. sequence and modified_at move when a recomputation changes
-- the task (content_hash), for calendar clients (RFC 5545 SEQUENCE,
-- LAST-MODIFIED).
CREATE TABLE docket_task (
  id @ID@,
  patent_id BIGINT NOT NULL REFERENCES patent (id),
  task_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  jurisdiction TEXT NOT NULL,
  label TEXT NOT NULL,
  nominal_due TEXT NOT NULL,
  due TEXT NOT NULL,
  window_start TEXT,
  grace_end TEXT,
  last_day TEXT NOT NULL,              -- grace_end, else due: missed after it
  provisional BIGINT NOT NULL DEFAULT 0,
  fee_amount_minor BIGINT,             -- null: no official fee
  fee_late_amount_minor BIGINT,
  fee_currency TEXT,
  fee_table TEXT,
  rules_version TEXT NOT NULL,
  calendars_version TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'waived')),
  -- The day a recorded event carried the task out (an examination request,
  -- a national phase entry, a response): the task is done by the facts, not
  -- by a decision, and a withdrawn event reopens it at the recompute.
  performed_on TEXT,
  content_hash TEXT NOT NULL,
  sequence BIGINT NOT NULL DEFAULT 0,
  modified_at TEXT NOT NULL,
  UNIQUE (patent_id, task_key)
);
CREATE INDEX docket_task_due ON docket_task (due, id);
CREATE INDEX docket_task_jurisdiction ON docket_task (jurisdiction, due, id);
CREATE INDEX docket_task_kind ON docket_task (kind, due, id);
CREATE INDEX docket_task_state ON docket_task (state, last_day);

-- Who a task concerns, for scoping and payer reports: every registered
-- owner, and the aggregator when it pays (an assignment). pays = 1 for the
-- payers; amount_minor is the payer's share of the fee (null: no fee, or
-- not a payer). due is the task's, copied for the institution's agenda.
CREATE TABLE docket_task_share (
  patent_id BIGINT NOT NULL REFERENCES patent (id),
  task_key TEXT NOT NULL,
  institution_id BIGINT NOT NULL REFERENCES institution (id),
  due TEXT NOT NULL,
  pays BIGINT NOT NULL,
  amount_minor BIGINT,
  PRIMARY KEY (patent_id, task_key, institution_id)
);
CREATE INDEX docket_task_share_institution ON docket_task_share (institution_id, due);

-- Decisions on tasks, append-only: done (with the fee actually paid),
-- waive (a decision to let it lapse) and undo (of the task's last
-- decision, undoes_id). The task's state is its last decision's.
CREATE TABLE docket_decision (
  id @ID@,
  patent_id BIGINT NOT NULL REFERENCES patent (id),
  task_key TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('done', 'waive', 'undo')),
  decided_on TEXT NOT NULL,           -- the day it was done (paid) or decided
  fee_paid_minor BIGINT,              -- done: the fee actually paid
  fee_currency TEXT,
  fee_table TEXT,                     -- done: the table in force that day
  fee_expected_minor BIGINT,          -- done: what that table asks
  reference TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  recoverable BIGINT NOT NULL DEFAULT 0,
  undoes_id BIGINT REFERENCES docket_decision (id),
  actor TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX docket_decision_task ON docket_decision (patent_id, task_key, id);

-- A fee paid for an aggregated patent whose fees the aggregator pays, as a
-- recoverable cost of a package the patent belongs to (JPY; split over the
-- packages by largest remainder). The ledger recovers it from licence
-- income with the projects' recoverable expenditures, unless its decision
-- was undone.
CREATE TABLE docket_recoverable_cost (
  id @ID@,
  decision_id BIGINT NOT NULL REFERENCES docket_decision (id),
  package_id BIGINT NOT NULL REFERENCES package (id),
  amount_minor BIGINT NOT NULL,
  spent_on TEXT NOT NULL
);
CREATE INDEX docket_recoverable_cost_package ON docket_recoverable_cost (package_id, spent_on);

-- The rule book and calendars versions every stored task was computed
-- with (one row). A loaded version that differs means recompute all.
CREATE TABLE docket_state (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  rules_version TEXT NOT NULL,
  calendars_version TEXT NOT NULL,
  computed_at TEXT NOT NULL
);

-- Calendar subscriptions: a secret in the URL of GET /api/v1/docket.ics
-- for calendar clients that cannot send a bearer token. Only its SHA-256
-- (hex) is kept; it acts as its user, read-only, for that route alone.
CREATE TABLE calendar_subscription (
  id @ID@,
  secret_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES api_user (id),
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX calendar_subscription_user ON calendar_subscription (user_id);

-- @sqlite
CREATE TRIGGER docket_decision_no_update BEFORE UPDATE ON docket_decision
BEGIN
  SELECT RAISE(ABORT, 'docket_decision is append-only');
END;
CREATE TRIGGER docket_decision_no_delete BEFORE DELETE ON docket_decision
BEGIN
  SELECT RAISE(ABORT, 'docket_decision is append-only');
END;
CREATE TRIGGER docket_recoverable_cost_no_update BEFORE UPDATE ON docket_recoverable_cost
BEGIN
  SELECT RAISE(ABORT, 'docket_recoverable_cost is append-only');
END;
CREATE TRIGGER docket_recoverable_cost_no_delete BEFORE DELETE ON docket_recoverable_cost
BEGIN
  SELECT RAISE(ABORT, 'docket_recoverable_cost is append-only');
END;
-- @end
-- @postgresql
CREATE TRIGGER docket_decision_append_only BEFORE UPDATE OR DELETE ON docket_decision
  FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
CREATE TRIGGER docket_recoverable_cost_append_only BEFORE UPDATE OR DELETE ON docket_recoverable_cost
  FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
-- @end
