-- 0020: the words of every patent's titles (English and Japanese), for the
-- title search of `chizai patent list --text` and GET /api/v1/patents?text=.
-- A title is split into words in C++ (text/words.h: MeCab for Japanese,
-- lower-cased Latin words), which SQL cannot do: neither SQLite's FTS5
-- tokenizers nor PostgreSQL's text-search parsers split Japanese. So the
-- table is filled on every patent write (store/registry_store.cpp), and for
-- the patents already registered `chizai db migrate` fills it in C++ right
-- after this file, in the same transaction (store/migrate.cpp): when 0020
-- is recorded as applied, every patent's words are in.
-- A search for several words looks each up by the primary key (word first).
-- @sqlite
CREATE TABLE patent_title_word (
  word TEXT NOT NULL,
  patent_id BIGINT NOT NULL REFERENCES patent (id) ON DELETE CASCADE,
  PRIMARY KEY (word, patent_id)
) WITHOUT ROWID;
-- @postgresql
CREATE TABLE patent_title_word (
  word TEXT NOT NULL,
  patent_id BIGINT NOT NULL REFERENCES patent (id) ON DELETE CASCADE,
  PRIMARY KEY (word, patent_id)
);
-- @end
-- A patent's words are replaced when its titles change.
CREATE INDEX patent_title_word_patent ON patent_title_word (patent_id);
