#include "services/licensing_service.h"
