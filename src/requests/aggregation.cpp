#include "requests/aggregation.h"

namespace chizai::requests {}  // namespace chizai::requests
