// Looking at a request's head before anyone reads it: has all of it
// arrived, and is it framed as HTTP/1.1 says (RFC 9112)? The connection
// reactor (reactor.h) peeks at a connection's bytes with this, so a worker
// thread is given a request only once its whole head is there, and a head
// that two readers could take apart differently is refused before any does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace chizai::api {

struct HeadScan {
  enum class State {
    kIncomplete,  // no blank line yet, within the limit: wait for more
    kComplete,    // the head ends at `length` (its blank line included)
    kTooLarge,    // `limit` bytes and no end of head
    kMalformed,   // `reason` says what; the request must be refused
  };
  State state = State::kIncomplete;
  std::size_t length = 0;
  std::string reason;
  // Of a complete head: the body it declares, when that is plain — one
  // Content-Length of digits and no Transfer-Encoding (0: none declared).
  // `other_body`: any other framing (chunked, or one the server refuses).
  std::uint64_t content_length = 0;
  bool other_body = false;
};

// Scans the bytes a connection has received so far (from the start of a
// request). Refused: a line ending in a bare LF, a header line without a
// colon or with whitespace before it, a folded header line (obs-fold), an
// empty or control-character request line, a NUL anywhere. A complete head
// is checked only up to its end (a body may follow).
HeadScan scan_head(std::string_view bytes, std::size_t limit);

}  // namespace chizai::api
