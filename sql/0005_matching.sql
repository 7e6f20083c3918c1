-- 0005: matching. Company profiles (companies are institutions of kind
-- 'company'), their technology interests, and the signals: matching events
-- (fairs, new-technology briefings) with the packages presented and the
-- companies attending, and recorded interest of a company in a package.

CREATE TABLE company_profile (
  institution_id BIGINT PRIMARY KEY REFERENCES institution (id),
  region TEXT NOT NULL CHECK (region IN ('japan', 'north_america', 'europe', 'china',
                                         'asia_other', 'latin_america', 'oceania',
                                         'middle_east_africa')),
  size TEXT NOT NULL CHECK (size IN ('startup', 'sme', 'large')),
  industry TEXT NOT NULL DEFAULT '',
  keywords TEXT NOT NULL DEFAULT ''
);
CREATE INDEX company_profile_region ON company_profile (region);

-- A technology interest: a canonical IPC/CPC symbol at any level and its
-- weight in thousandths (1000 = 1.0).
CREATE TABLE company_interest (
  institution_id BIGINT NOT NULL REFERENCES company_profile (institution_id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  weight_milli BIGINT NOT NULL CHECK (weight_milli > 0),
  PRIMARY KEY (institution_id, code)
);

CREATE TABLE matching_event (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('fair', 'briefing', 'other')),
  held_on TEXT NOT NULL
);

CREATE TABLE event_package (
  event_id BIGINT NOT NULL REFERENCES matching_event (id),
  package_id BIGINT NOT NULL REFERENCES package (id),
  PRIMARY KEY (event_id, package_id)
);
CREATE INDEX event_package_package ON event_package (package_id);

CREATE TABLE event_attendance (
  event_id BIGINT NOT NULL REFERENCES matching_event (id),
  institution_id BIGINT NOT NULL REFERENCES institution (id),
  PRIMARY KEY (event_id, institution_id)
);
CREATE INDEX event_attendance_institution ON event_attendance (institution_id);

-- Recorded interest of a company in a package (one row per record).
CREATE TABLE interest_signal (
  id @ID@,
  institution_id BIGINT NOT NULL REFERENCES institution (id),
  package_id BIGINT NOT NULL REFERENCES package (id),
  noted_on TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  recorded_at TEXT NOT NULL
);
CREATE INDEX interest_signal_pair ON interest_signal (institution_id, package_id);
