// The facts the deadline rules read (docket/model.h), from the registry
// (patent, owners with their kinds, priority claims), the scheme (an
// aggregation under assignment makes the aggregator the payer) and the
// events (migration 0023; withdrawn events and withdrawals left out). A
// patent whose record has a grant date (or a publication date) but no
// counting event of that kind gets one synthesised from the record (id 0,
// reference the grant or publication number), so a patent imported granted
// is granted for the rules too.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "docket/model.h"
#include "store/database.h"

namespace chizai {

class DocketFactsStore {
 public:
  explicit DocketFactsStore(Database& db) : db_(db) {}

  // The facts of patent `patent_id`; nullopt when there is no such patent.
  std::optional<docket::Application> load(long long patent_id);
  // The facts of up to `limit` patents with id > `after_id`, in id order:
  // for recomputing every task in batches (a few statements per batch, not
  // per patent).
  std::vector<docket::Application> load_batch(long long after_id, std::size_t limit);
  // The facts of up to `limit` patents with `after_id` < id <= `last_id`, in
  // id order (a run of patents whose facts changed).
  std::vector<docket::Application> load_range(long long after_id, long long last_id, std::size_t limit);

 private:
  Database& db_;
};

}  // namespace chizai
