#include "services/payment_service.h"
