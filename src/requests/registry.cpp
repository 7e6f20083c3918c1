#include "requests/registry.h"

namespace chizai::requests {}  // namespace chizai::requests
