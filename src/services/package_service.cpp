#include "services/package_service.h"
