// The month close request, read the same way by `chizai close --month`,
// POST /api/v1/close and the scheme loader's "close" operation.
#pragma once

#include <string>

#include "io/request_spec.h"

namespace chizai::requests {

struct CloseRequest {
  std::string month;  // "YYYY-MM" (CloseService checks the form and the order)
};

// {"month"}
const RequestSpec& close_spec();
CloseRequest read_close(const SpecFields& f);

}  // namespace chizai::requests
