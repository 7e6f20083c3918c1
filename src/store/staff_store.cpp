#include "store/staff_store.h"

#include <soci/soci.h>

#include <vector>

#include "store/session.h"

namespace chizai {
namespace {
const char* kColumns = "SELECT code, name_latin, name_ja, region, legacy_name FROM staff ";
}  // namespace

std::optional<StaffRecord> StaffStore::find(const std::string& code) {
  StaffRecord s;
  soci_session(db_) << std::string(kColumns) + "WHERE code = :c", soci::use(code), soci::into(s.code),
      soci::into(s.name_latin), soci::into(s.name_ja), soci::into(s.region), soci::into(s.legacy_name);
  if (!soci_session(db_).got_data()) return std::nullopt;
  return s;
}

void StaffStore::insert(const StaffRecord& s, const std::string& created_at) {
  soci_session(db_) << "INSERT INTO staff (code, name_latin, name_ja, region, legacy_name, created_at) "
                       "VALUES (:c, :l, :j, :r, :g, :t)",
      soci::use(s.code), soci::use(s.name_latin), soci::use(s.name_ja), soci::use(s.region),
      soci::use(s.legacy_name), soci::use(created_at);
}

void StaffStore::update(const StaffRecord& s) {
  soci_session(db_) << "UPDATE staff SET name_latin = :l, name_ja = :j, region = :r WHERE code = :c",
      soci::use(s.name_latin), soci::use(s.name_ja), soci::use(s.region), soci::use(s.code);
}

Page<StaffRecord> StaffStore::list(const std::string& region, const PageRequest& page) {
  std::vector<StaffRecord> rows;
  StaffRecord s;
  const long long n = fetch_limit(page);
  soci::statement st = (soci_session(db_).prepare << std::string(kColumns) +
                                                         "WHERE (CAST(:r1 AS TEXT) = '' OR region = :r2) AND code > :a "
                                                         "ORDER BY code LIMIT :n",
                        soci::use(region), soci::use(region), soci::use(page.after), soci::use(n),
                        soci::into(s.code), soci::into(s.name_latin), soci::into(s.name_ja), soci::into(s.region),
                        soci::into(s.legacy_name));
  st.execute();
  while (st.fetch()) rows.push_back(s);
  return page_of_rows(std::move(rows), page.limit, [](const StaffRecord& r) { return r.code; });
}

}  // namespace chizai
