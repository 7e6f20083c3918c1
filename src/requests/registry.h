// The registry requests (filled in by the registry conversion; see payment.h for the
// shape: a spec and a reader per request).
#pragma once

#include "io/request_spec.h"

namespace chizai::requests {}  // namespace chizai::requests
