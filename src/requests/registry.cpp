#include "requests/registry.h"

namespace chizai::requests {

const RequestSpec& family_rebuild_spec() {
  static const RequestSpec spec{
      "FamilyRebuildRequest",
      "Nothing: every family is recomputed from the registered priority claims. Send no body (one sent is not read).",
      {}};
  return spec;
}

}  // namespace chizai::requests
