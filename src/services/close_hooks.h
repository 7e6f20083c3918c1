// The month close's real hooks: the licensing service's minimum-royalty
// true-ups and the payment service's ledger check. (close_service.h stays
// free of both; the doors and the scheme loader wire them with this.)
#pragma once

#include <string>

#include "portfolio/settings.h"
#include "services/close_service.h"

namespace chizai {

CloseHooks standard_close_hooks(SchemeSettings settings, std::string actor, std::string policy_dir);

}  // namespace chizai
