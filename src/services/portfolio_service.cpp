#include "services/portfolio_service.h"

#include <map>

#include "registry/model.h"
#include "store/registry_store.h"

namespace chizai {
namespace {

// Every value of `E` (0 … last) with its count in `present`, zero when absent.
template <class E>
std::vector<PortfolioCount> every_value(const std::vector<PortfolioCount>& present, E last) {
  std::map<std::string, long long> n;
  for (const PortfolioCount& c : present) n[c.key] = c.patents;
  std::vector<PortfolioCount> out;
  for (int i = 0; i <= static_cast<int>(last); ++i) {
    const std::string key = to_string(static_cast<E>(i));
    out.push_back(PortfolioCount{key, n.count(key) ? n[key] : 0});
  }
  return out;
}

}  // namespace

Result<PortfolioSummary> PortfolioService::summary(const std::string& institution, Date as_of) {
  if (!institution.empty() && !RegistryStore(db_).find_institution(institution)) {
    return make_error(ErrorKind::kNotFound, "unknown_institution",
                      "unknown institution code '" + institution + "'", "institution");
  }
  ReadSnapshot snapshot(db_);
  PortfolioCounts counts = PortfolioStore(db_).counts(institution, as_of);
  PortfolioSummary out;
  out.institution = institution;
  out.as_of = as_of;
  out.patents = counts.patents;
  out.by_status = every_value(counts.by_status, PatentStatus::kExpired);
  out.by_jurisdiction = std::move(counts.by_jurisdiction);
  out.by_stage = every_value(counts.by_stage, LifecycleStage::kUtilization);
  out.aggregated = counts.aggregated;
  out.not_aggregated = counts.patents - counts.aggregated;
  out.licensed = counts.licensed;
  out.not_licensed = counts.patents - counts.licensed;
  return out;
}

}  // namespace chizai
