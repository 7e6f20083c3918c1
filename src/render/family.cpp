#include "render/family.h"

#include <cmath>
#include <cstdint>

namespace chizai::render {

void write_family_json(JsonWriter& w, const FamilyRow& family) {
  w.begin_object().field("id", family.id).key("members").begin_array();
  for (const auto& m : family.members) w.value(m);
  w.end_array().end_object();
}

std::string families_json(const std::vector<FamilyRow>& families) {
  JsonWriter w(2);
  w.begin_array();
  for (const auto& f : families) write_family_json(w, f);
  w.end_array();
  return w.take();
}

std::string patent_families_json(const RegistryService::PatentFamilies& families) {
  JsonWriter w(2);
  w.begin_object().field("application", families.application).key("simple_family");
  write_family_json(w, families.simple);
  w.key("extended_family");
  write_family_json(w, families.extended);
  w.end_object();
  return w.take();
}

std::string family_refresh_json(const FamilyRefresh& refresh) {
  const auto ms = [](double seconds) { return static_cast<std::int64_t>(std::llround(seconds * 1000.0)); };
  JsonWriter w(2);
  w.begin_object()
      .field("applications", refresh.applications)
      .field("claims", refresh.claims)
      .field("simple_families", refresh.simple_families)
      .field("extended_families", refresh.extended_families)
      .field("changed", refresh.changed)
      .field("compute_ms", ms(refresh.compute_seconds))
      .field("total_ms", ms(refresh.total_seconds))
      .end_object();
  return w.take();
}

}  // namespace chizai::render
