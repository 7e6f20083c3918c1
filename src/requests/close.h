// The month close request, read the same way by `chizai close --month`,
// POST /api/v1/close and the scheme loader's "close" operation.
#pragma once

#include <string>

#include "io/request_spec.h"

namespace chizai::requests {

struct CloseRequest {
  std::string month;  // "YYYY-MM" (CloseService checks the form and the order)
  bool dry_run = false;  // only say what would be issued
};

// {"month", "dry_run"}
const RequestSpec& close_spec();
CloseRequest read_close(const SpecFields& f);

}  // namespace chizai::requests
