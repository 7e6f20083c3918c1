-- 0017: staff are registered people. A staff member has a code, a name in
-- Latin letters and one in Japanese script (at least one of the two), and
-- the region they cover ('' when not recorded). Deals and their changes
-- name a staff member by code (deal.staff, deal_event.staff).
--
-- Before, deals named staff in free text. Each distinct name becomes one
-- staff record, coded STAFF-1, STAFF-2, … in name order, its name put in
-- name_latin when it is ASCII and in name_ja otherwise, and kept as it was
-- written in legacy_name; the deals' and their changes' names become those
-- codes. So nothing is lost; two spellings of one person (Sato, 佐藤) stay
-- two records until someone merges them.

CREATE TABLE staff (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  name_latin TEXT NOT NULL DEFAULT '',
  name_ja TEXT NOT NULL DEFAULT '',
  region TEXT NOT NULL DEFAULT '' CHECK (region IN ('', 'japan', 'north_america', 'europe', 'china',
                                                    'asia_other', 'latin_america', 'oceania',
                                                    'middle_east_africa')),
  legacy_name TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  CHECK (name_latin <> '' OR name_ja <> '')
);

-- @sqlite
INSERT INTO staff (code, name_latin, name_ja, legacy_name, created_at)
SELECT 'STAFF-' || CAST(ROW_NUMBER() OVER (ORDER BY name) AS TEXT),
       CASE WHEN name GLOB '*[^ -~]*' THEN '' ELSE name END,
       CASE WHEN name GLOB '*[^ -~]*' THEN name ELSE '' END,
       name, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM (SELECT staff AS name FROM deal UNION SELECT staff FROM deal_event) names WHERE name <> '';
-- @end
-- @postgresql
INSERT INTO staff (code, name_latin, name_ja, legacy_name, created_at)
SELECT 'STAFF-' || CAST(ROW_NUMBER() OVER (ORDER BY name COLLATE "C") AS TEXT),
       CASE WHEN name ~ '[^ -~]' THEN '' ELSE name END,
       CASE WHEN name ~ '[^ -~]' THEN name ELSE '' END,
       name, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
FROM (SELECT staff AS name FROM deal UNION SELECT staff FROM deal_event) names WHERE name <> '';
-- @end

UPDATE deal SET staff = (SELECT s.code FROM staff s WHERE s.legacy_name = deal.staff) WHERE staff <> '';

-- deal_event is append-only; this one rewrite of the staff column (names to
-- the codes of the records that keep those names) lifts the guard for its
-- own statement only.
-- @sqlite
DROP TRIGGER deal_event_no_update;
UPDATE deal_event SET staff = (SELECT s.code FROM staff s WHERE s.legacy_name = deal_event.staff) WHERE staff <> '';
CREATE TRIGGER deal_event_no_update BEFORE UPDATE ON deal_event BEGIN SELECT RAISE(ABORT, 'deal_event is append-only'); END;
-- @end
-- @postgresql
ALTER TABLE deal_event DISABLE TRIGGER deal_event_append_only;
UPDATE deal_event SET staff = (SELECT s.code FROM staff s WHERE s.legacy_name = deal_event.staff) WHERE staff <> '';
ALTER TABLE deal_event ENABLE TRIGGER deal_event_append_only;
-- @end

CREATE INDEX deal_staff ON deal (staff);
