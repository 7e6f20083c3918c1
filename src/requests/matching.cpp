#include "requests/matching.h"

namespace chizai::requests {}  // namespace chizai::requests
