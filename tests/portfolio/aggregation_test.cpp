#include "portfolio/aggregation.h"
