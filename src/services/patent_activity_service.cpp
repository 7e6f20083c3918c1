#include "services/patent_activity_service.h"

#include "services/registry_service.h"
#include "store/lookup.h"

namespace chizai {

Result<PatentActivity> PatentActivityService::activity(const std::string& raw, const std::string& only_institution) {
  auto stored = RegistryService(db_).lookup_patent(raw, "number", only_institution);
  if (!stored) return stored.error();
  ReadSnapshot snapshot(db_);
  PatentActivity out;
  out.application = stored->patent.application_number;
  const std::optional<long long> id = find_patent_id(db_, out.application);
  if (!id) {
    return make_error(ErrorKind::kNotFound, "unknown_patent", "patent " + out.application + " is not registered",
                      "number");
  }
  out.rows = load_patent_activity(db_, *id, only_institution);
  return out;
}

}  // namespace chizai
