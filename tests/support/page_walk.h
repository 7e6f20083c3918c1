// Checking a keyset-paged list: seed many rows fast, then walk every page.
#pragma once

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "core/page.h"
#include "core/result.h"
#include "store/database.h"

namespace chizai::testing {

// Runs `insert` ("INSERT INTO t (…) VALUES ") with `rows` (each "(…)"),
// 500 rows a statement. REQUIRES: the caller holds a write transaction.
inline void insert_rows(Database& db, const std::string& insert, const std::vector<std::string>& rows) {
  for (std::size_t from = 0; from < rows.size(); from += 500) {
    std::string sql = insert;
    for (std::size_t i = from; i < std::min(rows.size(), from + 500); ++i) sql += (i > from ? "," : "") + rows[i];
    db.sql() << sql;
  }
}

// The keys of every row read through `read(PageRequest) -> Result<Page<T>>`
// in pages of `limit`, checking that each page but the last is full and
// that its `next` is its last row's key (the last page's is empty).
template <class T, class Read, class Key>
std::vector<std::string> walk_pages(Read read, Key key, std::size_t limit = 97) {
  std::vector<std::string> keys;
  PageRequest request{"", limit};
  for (int pages = 0; pages < 10'000; ++pages) {
    Result<Page<T>> page = read(request);
    EXPECT_TRUE(page.ok()) << page.error().message;
    if (!page.ok()) break;
    for (const T& item : page->items) keys.push_back(key(item));
    if (page->next.empty()) break;
    EXPECT_EQ(page->items.size(), limit);
    EXPECT_EQ(page->next, keys.back());
    request.after = page->next;
  }
  return keys;
}

}  // namespace chizai::testing
