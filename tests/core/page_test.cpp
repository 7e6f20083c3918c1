// Keyset pages (core/page.h): trimming a limit+1 read to a page with its
// next key, and reading a whole list page by page.
#include "core/page.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chizai {
namespace {

std::vector<int> ints(int from, int to) {
  std::vector<int> v;
  for (int i = from; i <= to; ++i) v.push_back(i);
  return v;
}

auto key = [](int i) { return std::to_string(i); };

TEST(PageTest, AnExtraRowMeansANextPage) {
  Page<int> p = page_of_rows(ints(1, 4), 3, key);
  EXPECT_EQ(p.items, ints(1, 3));
  EXPECT_EQ(p.next, "3");
  Page<int> last = page_of_rows(ints(1, 3), 3, key);
  EXPECT_EQ(last.items, ints(1, 3));
  EXPECT_EQ(last.next, "");
  EXPECT_EQ(page_of_rows(std::vector<int>{}, 3, key).next, "");
}

TEST(PageTest, FetchLimitIsOneMoreAndNeverOverflows) {
  EXPECT_EQ(fetch_limit(PageRequest{"", 100}), 101);
  EXPECT_GT(fetch_limit(PageRequest{"", static_cast<std::size_t>(-1)}), 0);
}

TEST(PageTest, AllPagesReadsEveryRowOnceFromTheStart) {
  const std::vector<int> table = ints(1, 2500);
  int reads = 0;
  auto read = [&](const PageRequest& r) {
    ++reads;
    const int after = r.after.empty() ? 0 : std::stoi(r.after);
    std::vector<int> rows;
    for (int i : table) {
      if (i > after && rows.size() < static_cast<std::size_t>(fetch_limit(r))) rows.push_back(i);
    }
    return page_of_rows(rows, r.limit, key);
  };
  EXPECT_EQ(all_pages<int>(read, PageRequest{"", 1000}), table);
  EXPECT_EQ(reads, 3);
  EXPECT_EQ(all_pages<int>(read, PageRequest{"2400", 7}), ints(2401, 2500));
}

}  // namespace
}  // namespace chizai
