#include "requests/licensing.h"

namespace chizai::requests {}  // namespace chizai::requests
