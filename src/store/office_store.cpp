#include "store/office_store.h"

#include <soci/soci.h>

#include "store/session.h"
#include "store/stored_values.h"

namespace chizai {

std::string publication_key(long long patent_id, const std::string& number, const std::string& kind) {
  return std::to_string(patent_id) + "|" + number + "|" + kind;
}

std::unordered_set<std::string> publication_keys(Database& db) {
  std::unordered_set<std::string> out;
  long long id = 0;
  std::string number, kind;
  soci::statement st = (soci_session(db).prepare << "SELECT patent_id, number, kind FROM patent_publication",
                        soci::into(id), soci::into(number), soci::into(kind));
  st.execute();
  while (st.fetch()) out.insert(publication_key(id, number, kind));
  return out;
}

void insert_publication(Database& db, long long patent_id, const StoredPublication& p) {
  const std::string on = p.date ? p.date->to_string() : std::string();
  soci_session(db) << "INSERT INTO patent_publication (patent_id, number, kind, published_on) VALUES (:p, :n, :k, :d)",
      soci::use(patent_id), soci::use(p.number), soci::use(p.kind), soci::use(on);
}

void insert_publications(Database& db, const std::vector<long long>& ids, const std::vector<StoredPublication>& rows) {
  if (rows.empty()) return;
  std::vector<std::string> numbers, kinds, dates;
  for (const auto& p : rows) {
    numbers.push_back(p.number);
    kinds.push_back(p.kind);
    dates.push_back(p.date ? p.date->to_string() : std::string());
  }
  std::vector<long long> patent_ids = ids;
  soci_session(db) << "INSERT INTO patent_publication (patent_id, number, kind, published_on) VALUES (:p, :n, :k, :d)",
      soci::use(patent_ids), soci::use(numbers), soci::use(kinds), soci::use(dates);
}

void insert_titles(Database& db, const std::vector<long long>& ids, const std::vector<StoredTitle>& rows) {
  if (rows.empty()) return;
  std::vector<std::string> langs, titles;
  for (const auto& t : rows) {
    langs.push_back(t.lang);
    titles.push_back(t.title);
  }
  std::vector<long long> patent_ids = ids;
  soci_session(db) << "INSERT INTO patent_title_lang (patent_id, lang, title) VALUES (:p, :l, :t)", soci::use(patent_ids),
      soci::use(langs), soci::use(titles);
}

std::vector<StoredPublication> publications_of(Database& db, long long patent_id) {
  std::vector<StoredPublication> out;
  StoredPublication p;
  std::string on;
  soci::statement st = (soci_session(db).prepare << "SELECT number, kind, published_on FROM patent_publication "
                                                    "WHERE patent_id = :p ORDER BY published_on, number, kind",
                        soci::into(p.number), soci::into(p.kind), soci::into(on), soci::use(patent_id));
  st.execute();
  while (st.fetch()) {
    p.date = on.empty() ? std::nullopt : std::optional<Date>(stored_date(on));
    out.push_back(p);
  }
  return out;
}

std::vector<StoredTitle> titles_of(Database& db, long long patent_id) {
  std::vector<StoredTitle> out;
  StoredTitle t;
  soci::statement st = (soci_session(db).prepare << "SELECT lang, title FROM patent_title_lang WHERE patent_id = :p "
                                                    "ORDER BY lang",
                        soci::into(t.lang), soci::into(t.title), soci::use(patent_id));
  st.execute();
  while (st.fetch()) out.push_back(t);
  return out;
}

bool put_title(Database& db, long long patent_id, const StoredTitle& t) {
  std::string old;
  soci::indicator ind = soci::i_null;
  soci_session(db) << "SELECT title FROM patent_title_lang WHERE patent_id = :p AND lang = :l", soci::into(old, ind),
      soci::use(patent_id), soci::use(t.lang);
  if (soci_session(db).got_data() && ind == soci::i_ok) {
    if (old == t.title) return false;
    soci_session(db) << "UPDATE patent_title_lang SET title = :t WHERE patent_id = :p AND lang = :l", soci::use(t.title),
        soci::use(patent_id), soci::use(t.lang);
    return true;
  }
  soci_session(db) << "INSERT INTO patent_title_lang (patent_id, lang, title) VALUES (:p, :l, :t)", soci::use(patent_id),
      soci::use(t.lang), soci::use(t.title);
  return true;
}

std::optional<long long> patent_id_of(Database& db, const std::string& number) {
  long long id = 0;
  soci_session(db) << "SELECT id FROM patent WHERE application_number = :n", soci::into(id), soci::use(number);
  if (!soci_session(db).got_data()) return std::nullopt;
  return id;
}

std::vector<Institution> all_institutions(Database& db) {
  std::vector<Institution> out;
  Institution i;
  std::string kind;
  soci::indicator ja = soci::i_ok;
  soci::statement st = (soci_session(db).prepare << "SELECT code, kind, name_en, name_ja, country FROM institution "
                                                    "ORDER BY code",
                        soci::into(i.code), soci::into(kind), soci::into(i.name_en), soci::into(i.name_ja, ja),
                        soci::into(i.country));
  st.execute();
  while (st.fetch()) {
    if (ja != soci::i_ok) i.name_ja.clear();
    i.kind = parse_institution_kind(kind).value_or(InstitutionKind::kOther);
    out.push_back(i);
  }
  return out;
}

}  // namespace chizai
