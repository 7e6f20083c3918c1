#include "services/project_service.h"
