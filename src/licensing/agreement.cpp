#include "licensing/agreement.h"
