#include "requests/institution_alias.h"

namespace chizai::requests {

const RequestSpec& institution_alias_spec() {
  static const RequestSpec spec{
      "InstitutionAliasRequest",
      "Gives the institution an alias: a name office data uses for it, matched after folding case, width, "
      "punctuation and legal forms (201; 200 when it already has an alias with that key).",
      {
          {"alias", FieldType::kText, true, "The alias as offices write it", "UNIV TOKYO"},
      }};
  return spec;
}

std::string read_institution_alias(const SpecFields& f) { return f.text("alias"); }

}  // namespace chizai::requests
