// The change history paged in SQL, newest first, on both backends.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "page_walk.h"
#include "registry_fixture.h"
#include "services/history.h"

namespace chizai::testing {
namespace {

class HistoryTest : public RegistryFixture {
 protected:
  void SetUp() override {
    RegistryFixture::SetUp();
    if (IsSkipped()) return;
    open_with(institutions({"AGG-JST"}), "", 0);
  }
};

TEST_P(HistoryTest, PagesInSqlNewestFirstWithFilters) {
  {
    WriteTransaction tx(*db_);
    for (int i = 0; i < 2500; ++i) {
      record_change(*db_, "tester", "package.add", i % 5 == 0 ? "patent" : "package",
                    i % 5 == 0 ? "JP2012000002A" : "PKG-" + std::to_string(i), "{}");
    }
    tx.commit();
  }
  std::vector<ChangeRecord> all = list_changes(*db_, {"", "", 3000});
  ASSERT_EQ(all.size(), 2500u);
  std::vector<std::string> ids, patent_ids;
  for (const auto& r : all) {
    ids.push_back(std::to_string(r.id));
    if (r.entity_type == "patent") patent_ids.push_back(ids.back());
  }
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end(),
                             [](const ChangeRecord& a, const ChangeRecord& b) { return a.id > b.id; }));
  const auto id_of = [](const ChangeRecord& r) { return std::to_string(r.id); };
  EXPECT_EQ(walk_pages<ChangeRecord>([&](const PageRequest& p) { return page_changes_of(*db_, {}, p); },
                                     id_of),
            ids);
  // A patent's key in another spelling finds the same records.
  const ChangeFilter patent{"patent", "特願2012-000002", 0};
  EXPECT_EQ(walk_pages<ChangeRecord>([&](const PageRequest& p) { return page_changes_of(*db_, patent, p); }, id_of),
            patent_ids);
  EXPECT_EQ(patent_ids.size(), 500u);
}

INSTANTIATE_TEST_SUITE_P(Backends, HistoryTest, ::testing::ValuesIn(backends()), BackendName());

}  // namespace
}  // namespace chizai::testing
