#include "portfolio/project.h"
