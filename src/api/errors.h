// The API's error body, for the places that answer an error without
// throwing ApiError (the error boundary, 401 and 405 with their headers, a
// request Poco could not parse, a replayed response that was not kept).
#pragma once

#include <string>

#include "api/route.h"

namespace chizai::api {

// Returns {"error": {"code": code, "message": message, "field": field}},
// field null when empty.
std::string error_body(const std::string& code, const std::string& message, const std::string& field = {});

// Returns a JSON response of `status` with error_body(code, message, field).
Response error_response(int status, const std::string& code, const std::string& message,
                        const std::string& field = {});

}  // namespace chizai::api
