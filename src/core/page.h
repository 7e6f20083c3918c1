// Keyset pages: how every list that grows with use is read, a page at a
// time, in a stable key order (the stores page in SQL: WHERE key > :after
// ORDER BY key LIMIT :n). Plain types, shared by stores, services and doors.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace chizai {

// Which page to read: rows whose key sorts strictly after `after` (empty:
// from the first row), at most `limit` of them. The key is the list's own
// (an application number, a reference, a decimal id, …); each list's store
// says which.
struct PageRequest {
  std::string after;
  std::size_t limit = 100;
};

// A page of rows in key order. `next` is the key to read the following page
// after; empty on the last page.
template <class T>
struct Page {
  std::vector<T> items;
  std::string next;
};

// The page from `rows` read with a limit of `limit + 1` (one row more than
// the page, to learn whether there is a next page without counting):
// trims the extra row and sets `next` to the last kept row's key.
template <class T, class Key>
Page<T> page_of_rows(std::vector<T> rows, std::size_t limit, Key key) {
  Page<T> out;
  if (rows.size() > limit) {
    rows.resize(limit);
    out.next = key(rows.back());
  }
  out.items = std::move(rows);
  return out;
}

// The SQL limit that page_of_rows wants: one more than the page, kept
// within what both backends accept.
inline long long fetch_limit(const PageRequest& page) {
  constexpr std::size_t kMax = static_cast<std::size_t>(std::numeric_limits<long long>::max() - 1);
  return static_cast<long long>(page.limit < kMax ? page.limit : kMax) + 1;
}

// Every row of a list from `first.after` on, page after page of
// `first.limit` rows, through `read(PageRequest) -> Page<T>`: for doors that
// show a whole list (the CLI without --limit).
template <class T, class Read>
std::vector<T> all_pages(Read read, PageRequest first = {"", 1000}) {
  std::vector<T> out;
  PageRequest request = std::move(first);
  for (;;) {
    Page<T> page = read(request);
    for (auto& item : page.items) out.push_back(std::move(item));
    if (page.next.empty()) return out;
    request.after = std::move(page.next);
  }
}

}  // namespace chizai
