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
#include "store/session.h"

namespace chizai::testing {

// Runs `insert` ("INSERT INTO t (…) VALUES ") with `rows` (each "(…)"),
// 500 rows a statement. REQUIRES: the caller holds a write transaction.
inline void insert_rows(Database& db, const std::string& insert, const std::vector<std::string>& rows) {
  for (std::size_t from = 0; from < rows.size(); from += 500) {
    std::string sql = insert;
    for (std::size_t i = from; i < std::min(rows.size(), from + 500); ++i) sql += (i > from ? "," : "") + rows[i];
    soci_session(db) << sql;
  }
}

template <class T>
const Page<T>* page_of(const Page<T>& page) {
  return &page;
}
template <class T>
const Page<T>* page_of(const Result<Page<T>>& read) {
  EXPECT_TRUE(read.ok()) << (read.ok() ? "" : read.error().message);
  return read.ok() ? &read.value() : nullptr;
}

// The keys of every row read through `read(PageRequest)` (a Page<T> or a
// Result<Page<T>>) from the start of the list in pages of `limit`, in the
// order read; checks that each page but the last is full and that its
// `next` is its last row's key (the last page's is empty). Stops, failing,
// after `max_pages` pages, so a cursor that does not move cannot loop.
template <class T, class Read, class Key>
std::vector<std::string> walk_pages(Read read, Key key, std::size_t limit = 97, std::size_t max_pages = 1000) {
  std::vector<std::string> keys;
  PageRequest request{"", limit};
  for (std::size_t n = 0; n < max_pages; ++n) {
    const auto got = read(request);
    const Page<T>* page = page_of<T>(got);
    if (!page) return keys;
    EXPECT_LE(page->items.size(), limit);
    for (const T& item : page->items) keys.push_back(key(item));
    if (page->next.empty()) return keys;
    EXPECT_EQ(page->items.size(), limit) << "a page before the last is not full";
    EXPECT_EQ(page->next, keys.back()) << "next is not the last row's key";
    request.after = page->next;
  }
  ADD_FAILURE() << "more than " << max_pages << " pages";
  return keys;
}

}  // namespace chizai::testing
