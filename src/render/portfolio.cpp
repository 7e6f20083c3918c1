#include "render/portfolio.h"

namespace chizai {
namespace {

void write_counts(JsonWriter& w, const char* name, const char* key, const std::vector<PortfolioCount>& counts) {
  w.key(name).begin_array();
  for (const PortfolioCount& c : counts) {
    w.begin_object().field(key, c.key).field("patents", static_cast<std::int64_t>(c.patents)).end_object();
  }
  w.end_array();
}

}  // namespace

void write_portfolio_summary_json(JsonWriter& w, const PortfolioSummary& s) {
  w.begin_object().key("institution");
  if (s.institution.empty()) {
    w.null();
  } else {
    w.value(s.institution);
  }
  w.field("as_of", s.as_of.to_string()).field("patents", static_cast<std::int64_t>(s.patents));
  write_counts(w, "by_status", "status", s.by_status);
  write_counts(w, "by_jurisdiction", "jurisdiction", s.by_jurisdiction);
  write_counts(w, "by_stage", "stage", s.by_stage);
  w.field("aggregated", static_cast<std::int64_t>(s.aggregated))
      .field("not_aggregated", static_cast<std::int64_t>(s.not_aggregated))
      .field("licensed", static_cast<std::int64_t>(s.licensed))
      .field("not_licensed", static_cast<std::int64_t>(s.not_licensed))
      .end_object();
}

}  // namespace chizai
