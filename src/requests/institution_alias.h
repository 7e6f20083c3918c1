// The alias request: POST /api/v1/institutions/{code}/aliases, the body
// `chizai institution alias add CODE NAME` gives as its NAME.
#pragma once

#include <string>

#include "io/request_spec.h"

namespace chizai::requests {

// {"alias"}; the service checks it (services/institution_names.h).
const RequestSpec& institution_alias_spec();
std::string read_institution_alias(const SpecFields& f);

}  // namespace chizai::requests
