#include "requests/deal.h"

namespace chizai::requests {}  // namespace chizai::requests
