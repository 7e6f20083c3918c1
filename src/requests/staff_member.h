// The staff request: a staff member, read the same way by `chizai staff add`
// and POST /api/v1/staff-members.
#pragma once

#include "io/request_spec.h"
#include "services/staff_service.h"

namespace chizai::requests {

// {"code", "name_latin", "name_ja", "region"}; the service checks them.
const RequestSpec& staff_member_spec();
StaffMember read_staff_member(const SpecFields& f);

}  // namespace chizai::requests
