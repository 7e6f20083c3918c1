#include "store/institution_alias_store.h"

#include <soci/soci.h>

#include "store/session.h"

namespace chizai {
namespace {

const char* kSelect =
    "SELECT i.code, a.alias, a.alias_key, a.added_at, a.added_by FROM institution_alias a "
    "JOIN institution i ON i.id = a.institution_id ";

std::vector<StoredAlias> fetch(soci::session& s, const std::string& where_order, const std::string* arg) {
  std::vector<StoredAlias> out;
  StoredAlias a;
  const std::string sql = std::string(kSelect) + where_order;
  if (arg != nullptr) {
    soci::statement st = (s.prepare << sql, soci::use(*arg), soci::into(a.institution), soci::into(a.alias),
                          soci::into(a.key), soci::into(a.added_at), soci::into(a.added_by));
    st.execute();
    while (st.fetch()) out.push_back(a);
  } else {
    soci::statement st = (s.prepare << sql, soci::into(a.institution), soci::into(a.alias), soci::into(a.key),
                          soci::into(a.added_at), soci::into(a.added_by));
    st.execute();
    while (st.fetch()) out.push_back(a);
  }
  return out;
}

}  // namespace

std::vector<StoredAlias> InstitutionAliasStore::all() {
  return fetch(soci_session(db_), "ORDER BY i.code, a.alias", nullptr);
}

std::vector<StoredAlias> InstitutionAliasStore::of(const std::string& code) {
  return fetch(soci_session(db_), "WHERE i.code = :c ORDER BY a.alias", &code);
}

std::optional<StoredAlias> InstitutionAliasStore::by_key(const std::string& key) {
  auto rows = fetch(soci_session(db_), "WHERE a.alias_key = :k", &key);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<InstitutionNameRow> InstitutionAliasStore::institution_names() {
  std::vector<InstitutionNameRow> out;
  InstitutionNameRow r;
  soci::statement st = (soci_session(db_).prepare << "SELECT code, name_en, name_ja FROM institution ORDER BY code",
                        soci::into(r.code), soci::into(r.name_en), soci::into(r.name_ja));
  st.execute();
  while (st.fetch()) out.push_back(r);
  return out;
}

void InstitutionAliasStore::insert(const std::string& code, const std::string& alias, const std::string& key,
                                   const std::string& added_at, const std::string& added_by) {
  soci_session(db_) << "INSERT INTO institution_alias (institution_id, alias, alias_key, added_at, added_by) "
                       "SELECT id, :a, :k, :t, :b FROM institution WHERE code = :c",
      soci::use(alias), soci::use(key), soci::use(added_at), soci::use(added_by), soci::use(code);
}

long long InstitutionAliasStore::remove(const std::string& code, const std::string& key) {
  soci::statement st = (soci_session(db_).prepare << "DELETE FROM institution_alias WHERE alias_key = :k AND "
                                                      "institution_id = (SELECT id FROM institution WHERE code = :c)",
                        soci::use(key), soci::use(code));
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace chizai
