#include "portfolio/package.h"
