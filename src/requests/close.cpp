#include "requests/close.h"

namespace chizai::requests {}  // namespace chizai::requests
