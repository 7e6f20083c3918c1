#include "services/aggregation_service.h"
