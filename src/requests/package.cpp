#include "requests/package.h"

namespace chizai::requests {}  // namespace chizai::requests
