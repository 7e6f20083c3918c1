-- 0029 (issue 22): what patent office documents say of an application
-- beyond its registry record: every publication naming it (A1, A2, B1, …,
-- one application however many publications name it), and its title in
-- every language an office gives (the record keeps title and title_ja).
CREATE TABLE patent_publication (
  patent_id BIGINT NOT NULL REFERENCES patent(id) ON DELETE CASCADE,
  number TEXT NOT NULL,                 -- country + number as the office writes it: EP1000000, US20150075015
  kind TEXT NOT NULL,                   -- A1, B1, …; '' when not given
  published_on TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DD; '' when not given
  PRIMARY KEY (patent_id, number, kind)
);

CREATE TABLE patent_title_lang (
  patent_id BIGINT NOT NULL REFERENCES patent(id) ON DELETE CASCADE,
  lang TEXT NOT NULL,                   -- ISO 639-1, lower case; '' when not given
  title TEXT NOT NULL,
  PRIMARY KEY (patent_id, lang)
);
