// Walking a keyset-paged list to its end in tests: every page through
// `read(PageRequest) -> Page<T>`, checking that each page but the last is
// full and that the last has an empty `next`.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <vector>

#include "core/page.h"

namespace chizai::testing {

// Returns key(item) of every item seen, in the order read, from the start
// of the list, `limit` items a page. Stops (with a failure) after
// `max_pages` pages, so a cursor that does not move cannot loop forever.
template <class T, class Read, class Key>
std::vector<std::string> walk_pages(Read read, std::size_t limit, Key key, std::size_t max_pages = 1000) {
  std::vector<std::string> seen;
  PageRequest request{"", limit};
  for (std::size_t n = 0; n < max_pages; ++n) {
    const Page<T> page = read(request);
    for (const T& item : page.items) seen.push_back(key(item));
    if (page.next.empty()) {
      EXPECT_LE(page.items.size(), limit);
      return seen;
    }
    EXPECT_EQ(page.items.size(), limit) << "a page before the last is not full";
    EXPECT_EQ(page.next, key(page.items.back())) << "next is not the last item's key";
    request.after = page.next;
  }
  ADD_FAILURE() << "more than " << max_pages << " pages";
  return seen;
}

}  // namespace chizai::testing
