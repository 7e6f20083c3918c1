-- 0001: the registry. Institutions, patents (one row per application),
-- owners with exact shares, inventors, priority claims, classifications,
-- and the families computed from the claims.
-- Dates are ISO 8601 TEXT ('YYYY-MM-DD'): portable and sortable.
-- Ids and money are BIGINT (SQLite INTEGER PRIMARY KEY is a 64-bit rowid).

CREATE TABLE institution (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('university', 'tlo', 'company', 'aggregator', 'public_lab', 'other')),
  name_en TEXT NOT NULL,
  name_ja TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL CHECK (length(country) = 2),
  content_hash TEXT NOT NULL
);

CREATE TABLE patent (
  id @ID@,
  application_number TEXT NOT NULL UNIQUE,
  jurisdiction TEXT NOT NULL,
  filing_date TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('patent', 'utility_model', 'pct', 'provisional', 'design')),
  title TEXT NOT NULL,
  title_ja TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('pending', 'granted', 'lapsed', 'abandoned', 'expired')),
  publication_number TEXT,
  publication_date TEXT,
  grant_number TEXT,
  grant_date TEXT,
  claim_count BIGINT CHECK (claim_count >= 0),
  stage TEXT NOT NULL CHECK (stage IN ('research', 'invention', 'disclosure', 'evaluation',
                                       'domestic_filing', 'foreign_filing', 'utilization')),
  simple_family TEXT,
  extended_family TEXT,
  content_hash TEXT NOT NULL
);
CREATE INDEX patent_simple_family ON patent (simple_family);
CREATE INDEX patent_extended_family ON patent (extended_family);

-- Shares are exact fractions; they sum to exactly 1 per patent (checked by
-- the registry before writing).
CREATE TABLE patent_owner (
  patent_id BIGINT NOT NULL REFERENCES patent (id) ON DELETE CASCADE,
  position BIGINT NOT NULL,
  institution_id BIGINT NOT NULL REFERENCES institution (id),
  share_num BIGINT NOT NULL CHECK (share_num > 0),
  share_den BIGINT NOT NULL CHECK (share_den > 0),
  PRIMARY KEY (patent_id, institution_id)
);
CREATE INDEX patent_owner_institution ON patent_owner (institution_id);

CREATE TABLE patent_inventor (
  patent_id BIGINT NOT NULL REFERENCES patent (id) ON DELETE CASCADE,
  position BIGINT NOT NULL,
  name TEXT NOT NULL,
  institution_id BIGINT REFERENCES institution (id),
  PRIMARY KEY (patent_id, position)
);

-- A claim may name an application that is not registered: number is text.
CREATE TABLE priority_claim (
  patent_id BIGINT NOT NULL REFERENCES patent (id) ON DELETE CASCADE,
  position BIGINT NOT NULL,
  number TEXT NOT NULL,
  claim_date TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('paris', 'pct', 'provisional', 'continuation', 'divisional', 'domestic')),
  active BIGINT NOT NULL CHECK (active IN (0, 1)),
  PRIMARY KEY (patent_id, position)
);
CREATE INDEX priority_claim_number ON priority_claim (number);

CREATE TABLE patent_class (
  patent_id BIGINT NOT NULL REFERENCES patent (id) ON DELETE CASCADE,
  position BIGINT NOT NULL,
  symbol TEXT NOT NULL,
  PRIMARY KEY (patent_id, position)
);
CREATE INDEX patent_class_symbol ON patent_class (symbol);
