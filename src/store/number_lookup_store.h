// Finding a registered application by a number that is not its canonical
// application number (issue 22, section 3): an old US series form, and its
// publication or grant numbers. The publication and grant numbers read here
// are the patent's own columns (publication_number, grant_number, as
// printed); a store of every publication of an application (migration 0029,
// the XML import) is the place to add to `by_publication` when it lands.
#pragma once

#include <string>
#include <vector>

#include "store/database.h"

namespace chizai {

struct PublishedAs {
  std::string application_number;  // canonical
  std::string number;              // the publication or grant number as stored
  bool grant = false;              // the grant number (else the publication number)
};

class NumberLookupStore {
 public:
  explicit NumberLookupStore(Database& db) : db_(db) {}

  // The canonical numbers of the US applications with the 2-digit series
  // code `series` and the 6-digit `serial`, whatever their filing year and
  // kind (canonical US numbers are US + year + series + serial + kind), in
  // number order. REQUIRES: `series` and `serial` are digits of that length.
  std::vector<std::string> us_applications_by_series(const std::string& series, const std::string& serial);

  // The US applications stored in DOCDB's form until 2001 (US + 6-digit
  // serial + 2-digit year + kind) with the 6-digit `serial` and `kind` (A or
  // P), in number order.
  std::vector<std::string> us_old_form_by_serial(const std::string& serial, char kind);

  // The applications whose publication or grant number, upper-cased and
  // without spaces and / , - . (the expression indexed by migration 0030),
  // starts with `compact` (upper-case letters and digits), in number order.
  std::vector<PublishedAs> by_publication(const std::string& compact);

 private:
  // The application numbers matching the LIKE `pattern`, in number order.
  std::vector<std::string> numbers_like(const std::string& pattern);
  Database& db_;
};

}  // namespace chizai
