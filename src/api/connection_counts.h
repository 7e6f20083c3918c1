// What the connection reactor (reactor.h) has counted, for tests and
// operators; apart so that server.h need not include the reactor.
#pragma once

#include <cstddef>

namespace chizai::api {

struct ReactorCounts {
  std::size_t open = 0;       // connections open
  std::size_t waiting = 0;    // of them, in the reactor (between requests)
  std::size_t refused = 0;    // refused by a connection limit, so far
  std::size_t timed_out = 0;  // closed by the header or idle deadline, so far
};

}  // namespace chizai::api
