#include "requests/project.h"

namespace chizai::requests {}  // namespace chizai::requests
