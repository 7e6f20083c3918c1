// The request limits the server applies before a handler runs: header
// fields (api.max_headers) and JSON nesting depth (api.max_json_depth).
// The body's size (api.max_body_bytes, 413) is checked while it is read:
// read_request_body in connection.h.
#pragma once

#include <cstddef>
#include <string>

#include <Poco/Net/MessageHeader.h>

#include "api/body.h"
#include "api/route.h"

namespace chizai::api {

// Refuses (ApiError 400 too_many_headers, setting `close_connection`) a
// request with more than `max` header fields.
void check_header_count(std::size_t count, int max, bool& close_connection);

// Refuses (ApiError 400 bad_request naming the header, setting
// `close_connection`) a request whose framing two readers could take
// differently — the way a smuggled second request hides in a first's body:
// both Content-Length and Transfer-Encoding; Content-Length more than once
// or not plain decimal digits ("+19", "0x13", " 19"); a Transfer-Encoding
// other than "chunked"; and Authorization more than once (which credential
// counts?).
void check_framing(const Poco::Net::MessageHeader& head, bool& close_connection);

// True when the request's body is read as JSON: its content type is
// application/json or *+json, or it has none and the body starts with
// '{' or '['.
bool is_json_body(const Request& request);

// Parses `body` into `doc` (the one parse: handlers read doc.root),
// allowing objects and arrays nested at most `max_depth` levels. Throws
// ApiError 400 too_deep beyond that, 400 malformed_json naming what is
// wrong (simdjson's kind of error, invalid UTF-8 or an empty body), 413
// payload_too_large beyond simdjson's largest document (4 GiB).
// REQUIRES: `body` within api.max_body_bytes (read_request_body).
void parse_json_body(const std::string& body, int max_depth, JsonDocument& doc);

}  // namespace chizai::api
