-- 0002: the aggregation scheme. Who changed what (an append-only history),
-- evaluations, co-owner consent, aggregation, packages with dated
-- membership, Super Highway projects with contracts, expenditures and
-- overseas staff, and consortia. Money is BIGINT minor units (JPY: yen).

-- Every change made through services/, append-only: the database refuses
-- UPDATE and DELETE.
CREATE TABLE change_log (
  id @ID@,
  changed_at TEXT NOT NULL,   -- UTC, ISO 8601
  actor TEXT NOT NULL,        -- who: --user, $CHIZAI_USER or the login name
  action TEXT NOT NULL,       -- "aggregate", "package.add", …
  entity_type TEXT NOT NULL,  -- "patent", "package", "project", …
  entity_key TEXT NOT NULL,   -- the entity's number, code or id
  detail TEXT NOT NULL        -- what changed, as JSON
);
CREATE INDEX change_log_entity ON change_log (entity_type, entity_key);

-- @sqlite
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN
  SELECT RAISE(ABORT, 'change_log is append-only');
END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN
  SELECT RAISE(ABORT, 'change_log is append-only');
END;
-- @end
-- @postgresql
CREATE FUNCTION chizai_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER change_log_append_only BEFORE UPDATE OR DELETE ON change_log
  FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
-- @end

-- Evaluations of candidates, approved or declined, all kept.
CREATE TABLE evaluation (
  id @ID@,
  patent_id BIGINT NOT NULL REFERENCES patent (id),
  evaluated_on TEXT NOT NULL,
  technology BIGINT NOT NULL CHECK (technology BETWEEN 1 AND 5),
  market BIGINT NOT NULL CHECK (market BETWEEN 1 AND 5),
  rights BIGINT NOT NULL CHECK (rights BETWEEN 1 AND 5),
  evaluator TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('approve', 'decline')),
  reason TEXT NOT NULL
);
CREATE INDEX evaluation_patent ON evaluation (patent_id);

-- Co-owner consent (JP Patent Act art. 73), per patent, owner and scope.
CREATE TABLE consent (
  patent_id BIGINT NOT NULL REFERENCES patent (id),
  institution_id BIGINT NOT NULL REFERENCES institution (id),
  scope TEXT NOT NULL CHECK (scope IN ('assignment', 'licensing')),
  consented_on TEXT NOT NULL,
  PRIMARY KEY (patent_id, institution_id, scope)
);

-- A patent under the aggregator. With 'assignment' the aggregator is the
-- owner of record from aggregated_on; the originating owners' shares just
-- before it are kept in beneficiary and receive the licence income.
CREATE TABLE aggregation (
  patent_id BIGINT PRIMARY KEY REFERENCES patent (id),
  aggregator_id BIGINT NOT NULL REFERENCES institution (id),
  mode TEXT NOT NULL CHECK (mode IN ('assignment', 'mandate')),
  aggregated_on TEXT NOT NULL,
  reason TEXT NOT NULL
);

CREATE TABLE beneficiary (
  patent_id BIGINT NOT NULL REFERENCES aggregation (patent_id),
  institution_id BIGINT NOT NULL REFERENCES institution (id),
  share_num BIGINT NOT NULL CHECK (share_num > 0),
  share_den BIGINT NOT NULL CHECK (share_den > 0),
  PRIMARY KEY (patent_id, institution_id)
);

CREATE TABLE package (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  name_en TEXT NOT NULL,
  name_ja TEXT NOT NULL DEFAULT '',
  theme TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('draft', 'marketed', 'licensed', 'retired')),
  created_on TEXT NOT NULL
);

-- Dated membership: a member is in the package on day D when
-- added_on <= D and (removed_on IS NULL or D < removed_on).
CREATE TABLE package_member (
  id @ID@,
  package_id BIGINT NOT NULL REFERENCES package (id),
  patent_id BIGINT NOT NULL REFERENCES patent (id),
  role TEXT NOT NULL CHECK (role IN ('core', 'peripheral')),
  weight BIGINT NOT NULL CHECK (weight > 0),
  added_on TEXT NOT NULL,
  removed_on TEXT,
  CHECK (removed_on IS NULL OR removed_on >= added_on)
);
CREATE INDEX package_member_package ON package_member (package_id);
CREATE INDEX package_member_patent ON package_member (patent_id);

-- Super Highway projects: a basic patent (or several), a package, a
-- period and a budget.
CREATE TABLE project (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  package_id BIGINT NOT NULL REFERENCES package (id),
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  budget_minor BIGINT NOT NULL CHECK (budget_minor > 0),
  currency TEXT NOT NULL DEFAULT 'JPY',
  CHECK (ends_on >= starts_on)
);

CREATE TABLE project_basic_patent (
  project_id BIGINT NOT NULL REFERENCES project (id),
  patent_id BIGINT NOT NULL REFERENCES patent (id),
  PRIMARY KEY (project_id, patent_id)
);

-- Commissioned trial research / prototype contracts (委託試験研究・試作).
CREATE TABLE contract (
  id @ID@,
  project_id BIGINT NOT NULL REFERENCES project (id),
  institution_id BIGINT NOT NULL REFERENCES institution (id),
  amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  deliverable TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'completed', 'cancelled')),
  recoverable BIGINT NOT NULL CHECK (recoverable IN (0, 1)),
  CHECK (ends_on >= starts_on)
);
CREATE INDEX contract_project ON contract (project_id);

CREATE TABLE expenditure (
  id @ID@,
  contract_id BIGINT NOT NULL REFERENCES contract (id),
  amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
  spent_on TEXT NOT NULL,
  recoverable BIGINT NOT NULL CHECK (recoverable IN (0, 1)),
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX expenditure_contract ON expenditure (contract_id);

-- Overseas licensing staff.
CREATE TABLE project_staff (
  id @ID@,
  project_id BIGINT NOT NULL REFERENCES project (id),
  name TEXT NOT NULL,
  region TEXT NOT NULL CHECK (region IN ('japan', 'north_america', 'europe', 'china',
                                         'asia_other', 'latin_america', 'oceania',
                                         'middle_east_africa')),
  starts_on TEXT NOT NULL,
  ends_on TEXT,
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);

CREATE TABLE consortium (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  package_id BIGINT NOT NULL REFERENCES package (id),
  created_on TEXT NOT NULL
);

CREATE TABLE consortium_member (
  consortium_id BIGINT NOT NULL REFERENCES consortium (id),
  institution_id BIGINT NOT NULL REFERENCES institution (id),
  role TEXT NOT NULL CHECK (role IN ('university', 'licensee_candidate', 'partner')),
  joined_on TEXT NOT NULL,
  nda_status TEXT NOT NULL CHECK (nda_status IN ('none', 'requested', 'signed')),
  nda_on TEXT,
  PRIMARY KEY (consortium_id, institution_id)
);
