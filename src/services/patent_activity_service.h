// A patent's part in the scheme for its page (GET /api/v1/patents/{number}/
// activity): its packages (dated membership), the licence agreements that
// name it, and the income distributed for it. Reads only.
#pragma once

#include <string>

#include "core/result.h"
#include "store/database.h"
#include "store/patent_activity_store.h"

namespace chizai {

struct PatentActivity {
  std::string application;  // canonical number
  PatentActivityRows rows;
};

class PatentActivityService {
 public:
  explicit PatentActivityService(Database& db) : db_(db) {}
  // The activity of the patent a user names by `raw` (any accepted
  // spelling, RegistryService::lookup_patent's errors). With
  // `only_institution` (a scoped caller) a patent that institution does not
  // own is unknown_patent, and the income is that institution's alone.
  Result<PatentActivity> activity(const std::string& raw, const std::string& only_institution);

 private:
  Database& db_;
};

}  // namespace chizai
