#include "store/number_lookup_store.h"

#include <soci/soci.h>

#include "store/session.h"

namespace chizai {
namespace {

// The column as migration 0030 indexes it.
std::string compact(const char* column) {
  return std::string("upper(replace(replace(replace(replace(replace(") + column +
         ", ' ', ''), '/', ''), ',', ''), '-', ''), '.', ''))";
}

}  // namespace

std::vector<std::string> NumberLookupStore::us_old_form_by_serial(const std::string& serial, char kind) {
  // "US" + serial + 2 year digits + kind: 11 characters (the kind is
  // upper-case, and SQLite's LIKE folds case only of ASCII letters, which
  // the stored numbers spell in upper case too).
  return numbers_like("US" + serial + "__" + std::string(1, kind));
}

std::vector<std::string> NumberLookupStore::us_applications_by_series(const std::string& series,
                                                                      const std::string& serial) {
  // "US" + 4 year digits + series + serial + kind: 15 characters, the year
  // and kind as single-character wildcards (digits only, so LIKE's case
  // folding on SQLite changes nothing).
  return numbers_like("US____" + series + serial + "_");
}

std::vector<std::string> NumberLookupStore::numbers_like(const std::string& pattern) {
  std::string number;
  soci::statement st = (soci_session(db_).prepare << "SELECT application_number FROM patent WHERE "
                                                     "application_number LIKE :p ORDER BY application_number",
                        soci::use(pattern), soci::into(number));
  st.execute();
  std::vector<std::string> out;
  while (st.fetch()) out.push_back(number);
  return out;
}

std::vector<PublishedAs> NumberLookupStore::by_publication(const std::string& prefix) {
  // A range on the indexed expression: every string starting with `prefix`
  // (letters and digits) sorts between it and prefix + "ZZZZ" (kinds are a
  // letter and a digit at most).
  const std::string upper = prefix + "ZZZZ";
  std::vector<PublishedAs> out;
  for (const bool grant : {false, true}) {
    const char* column = grant ? "grant_number" : "publication_number";
    const std::string expr = compact(column);
    std::string application, number;
    soci::statement st = (soci_session(db_).prepare << "SELECT application_number, " + std::string(column) +
                                                           " FROM patent WHERE " + expr + " >= :lo AND " + expr +
                                                           " <= :hi ORDER BY application_number",
                          soci::use(prefix), soci::use(upper), soci::into(application), soci::into(number));
    st.execute();
    while (st.fetch()) out.push_back({application, number, grant});
  }
  return out;
}

}  // namespace chizai
