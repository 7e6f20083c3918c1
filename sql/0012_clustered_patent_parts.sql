-- 0012: on SQLite, a patent's owners, inventors, priority claims and
-- classifications are stored in the order of their primary key (WITHOUT
-- ROWID), so that reading one patent's parts walks one b-tree per table
-- instead of the primary-key index and then the table for every row.
-- GET /api/v1/patents/{number} reads all four on every request
-- (scripts/bench.sh api); an import writes one b-tree per row instead of two.
-- Same columns, constraints and indexes as 0001; PostgreSQL is unchanged
-- (its tables are heaps with the same primary-key indexes).
-- @sqlite
CREATE TABLE patent_owner_clustered (
  patent_id BIGINT NOT NULL REFERENCES patent (id) ON DELETE CASCADE,
  position BIGINT NOT NULL,
  institution_id BIGINT NOT NULL REFERENCES institution (id),
  share_num BIGINT NOT NULL CHECK (share_num > 0),
  share_den BIGINT NOT NULL CHECK (share_den > 0),
  PRIMARY KEY (patent_id, institution_id)
) WITHOUT ROWID;
INSERT INTO patent_owner_clustered (patent_id, position, institution_id, share_num, share_den)
  SELECT patent_id, position, institution_id, share_num, share_den FROM patent_owner;
DROP TABLE patent_owner;
ALTER TABLE patent_owner_clustered RENAME TO patent_owner;
CREATE INDEX patent_owner_institution ON patent_owner (institution_id);

CREATE TABLE patent_inventor_clustered (
  patent_id BIGINT NOT NULL REFERENCES patent (id) ON DELETE CASCADE,
  position BIGINT NOT NULL,
  name TEXT NOT NULL,
  institution_id BIGINT REFERENCES institution (id),
  PRIMARY KEY (patent_id, position)
) WITHOUT ROWID;
INSERT INTO patent_inventor_clustered (patent_id, position, name, institution_id)
  SELECT patent_id, position, name, institution_id FROM patent_inventor;
DROP TABLE patent_inventor;
ALTER TABLE patent_inventor_clustered RENAME TO patent_inventor;

CREATE TABLE priority_claim_clustered (
  patent_id BIGINT NOT NULL REFERENCES patent (id) ON DELETE CASCADE,
  position BIGINT NOT NULL,
  number TEXT NOT NULL,
  claim_date TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('paris', 'pct', 'provisional', 'continuation', 'divisional', 'domestic')),
  active BIGINT NOT NULL CHECK (active IN (0, 1)),
  PRIMARY KEY (patent_id, position)
) WITHOUT ROWID;
INSERT INTO priority_claim_clustered (patent_id, position, number, claim_date, kind, active)
  SELECT patent_id, position, number, claim_date, kind, active FROM priority_claim;
DROP TABLE priority_claim;
ALTER TABLE priority_claim_clustered RENAME TO priority_claim;
CREATE INDEX priority_claim_number ON priority_claim (number);

CREATE TABLE patent_class_clustered (
  patent_id BIGINT NOT NULL REFERENCES patent (id) ON DELETE CASCADE,
  position BIGINT NOT NULL,
  symbol TEXT NOT NULL,
  PRIMARY KEY (patent_id, position)
) WITHOUT ROWID;
INSERT INTO patent_class_clustered (patent_id, position, symbol)
  SELECT patent_id, position, symbol FROM patent_class;
DROP TABLE patent_class;
ALTER TABLE patent_class_clustered RENAME TO patent_class;
CREATE INDEX patent_class_symbol ON patent_class (symbol);
-- @end
