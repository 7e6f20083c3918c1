#include "requests/registry.h"

namespace chizai::requests {

const RequestSpec& family_rebuild_spec() {
  static const RequestSpec spec{
      "FamilyRebuildRequest",
      "Nothing: every family is recomputed from the registered priority claims. Send no body (one sent is not read).",
      {}};
  return spec;
}

const RequestSpec& patent_update_spec() {
  static const RequestSpec spec = [] {
    RequestSpec s = patent_spec();
    s.name = "PatentUpdateRequest";
    s.description =
        "Only the fields to change, each as in PatentRequest; a list (owners, inventors, ipc, priority_claims) "
        "replaces the stored list. The application number, when given, must be the patent's.";
    for (FieldSpec& f : s.fields) f.required = false;
    return s;
  }();
  return spec;
}

}  // namespace chizai::requests
