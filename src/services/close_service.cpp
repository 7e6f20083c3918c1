#include "services/close_service.h"
