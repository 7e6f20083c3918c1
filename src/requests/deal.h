// The deal requests: a stage change, read the same way by `chizai deal set`
// and POST /api/v1/deals/{company}/{package}.
#pragma once

#include "io/request_spec.h"
#include "services/deal_service.h"

namespace chizai::requests {

// {"stage", "changed_on", "staff", "note"}; the company and the package are
// named apart (path, arguments), so they are left empty. The stage word is
// checked by the service (licensed comes only from an agreement).
const RequestSpec& stage_change_spec();
DealChange read_stage_change(const SpecFields& f);

}  // namespace chizai::requests
