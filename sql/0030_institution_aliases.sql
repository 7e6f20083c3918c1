-- 0030 (issue 22, section 2): institution aliases — the names office data
-- gives an institution's applications ("UNIV TOKYO", "国立大学法人東京大学").
-- `alias` is kept as written; `alias_key` is its key under the institution
-- name rules (text/names.h, config/institution_names.txt) when it was added.
-- One key belongs to one institution: a second institution claiming it is
-- refused (the service names both; the unique index is the last guard).
CREATE TABLE institution_alias (
  id @ID@,
  institution_id BIGINT NOT NULL REFERENCES institution(id),
  alias TEXT NOT NULL,
  alias_key TEXT NOT NULL UNIQUE,
  added_at TEXT NOT NULL,
  added_by TEXT NOT NULL
);
CREATE INDEX institution_alias_institution ON institution_alias(institution_id);

-- Looking an application up by its publication or grant number (issue 22,
-- section 3): the numbers as printed, upper-cased and without spaces and
-- punctuation ("WO 2013/123456 A1" -> WO2013123456A1). RegistryStore uses
-- the same expression (patents_by_publication).
CREATE INDEX patent_publication_compact ON patent
  ((upper(replace(replace(replace(replace(replace(publication_number, ' ', ''), '/', ''), ',', ''), '-', ''), '.', ''))));
CREATE INDEX patent_grant_compact ON patent
  ((upper(replace(replace(replace(replace(replace(grant_number, ' ', ''), '/', ''), ',', ''), '-', ''), '.', ''))));
