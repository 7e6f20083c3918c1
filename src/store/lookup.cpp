#include "store/lookup.h"
#include "store/session.h"

#include <soci/soci.h>

namespace chizai {

std::optional<InstitutionRef> find_institution(Database& db, const std::string& code) {
  InstitutionRef out;
  soci::indicator ind = soci::i_null;
  soci_session(db) << "SELECT id, kind FROM institution WHERE code = :c", soci::use(code), soci::into(out.id, ind),
      soci::into(out.kind);
  if (!soci_session(db).got_data() || ind == soci::i_null) return std::nullopt;
  return out;
}

std::optional<long long> find_institution_id(Database& db, const std::string& code) {
  auto found = find_institution(db, code);
  if (!found) return std::nullopt;
  return found->id;
}

std::optional<long long> find_patent_id(Database& db, const std::string& number) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  soci_session(db) << "SELECT id FROM patent WHERE application_number = :n", soci::use(number), soci::into(id, ind);
  if (!soci_session(db).got_data() || ind == soci::i_null) return std::nullopt;
  return id;
}

std::optional<long long> find_package_id(Database& db, const std::string& code) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  soci_session(db) << "SELECT id FROM package WHERE code = :c", soci::use(code), soci::into(id, ind);
  if (!soci_session(db).got_data() || ind == soci::i_null) return std::nullopt;
  return id;
}

}  // namespace chizai
