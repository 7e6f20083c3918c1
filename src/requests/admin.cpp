#include "requests/admin.h"

namespace chizai::requests {}  // namespace chizai::requests
