#include "render/office.h"

#include "render/registry.h"

namespace chizai {

void write_office_import_report_json(JsonWriter& w, const OfficeImportReport& r) {
  w.begin_object();
  write_import_report_members(w, r.registry, r.written);
  w.key("office").begin_object().field("kind", r.kind).field("root", r.root)
      .field("documents", r.documents)
      .field("applications", r.applications)
      .field("publications_added", r.publications_added)
      .field("titles_changed", r.titles_changed)
      .key("unresolved").begin_array();
  for (const auto& u : r.unresolved) {
    w.begin_object().field("name", u.name).key("closest").begin_array();
    for (const auto& c : u.closest) w.value(c);
    w.end_array().end_object();
  }
  w.end_array().key("created").begin_array();
  for (const auto& c : r.created) w.value(c);
  w.end_array().key("notes").begin_array();
  for (const auto& n : r.notes) w.value(n);
  w.end_array().key("assignments").begin_array();
  for (const auto& a : r.assignments) {
    w.begin_object()
        .field("line", static_cast<std::int64_t>(a.line))
        .field("reel_frame", a.reel_frame)
        .field("application", a.application)
        .field("applied", a.applied)
        .field("detail", a.detail)
        .end_object();
  }
  w.end_array().end_object().end_object();
}

std::string example_office_import_report_json() {
  OfficeImportReport r;
  r.kind = "USPTO grant";
  r.root = "us-patent-grant";
  r.documents = 1;
  r.applications = 1;
  r.registry.read = 1;
  r.registry.inserted = 1;
  r.registry.families_changed = 1;
  r.publications_added = 1;
  r.titles_changed = 1;
  r.written = true;
  r.created = {"TOYOTA-MOTOR-ENGINEERING-MANU (Toyota Motor Engineering & Manufacturing North America, Inc.)"};
  r.unresolved = {{"BEVIS GEAR INC.", {"C-0001 (Bevis Holdings)"}}};
  r.notes = {"applicants' shares are equal (1/n each) where a document names several: change them with chizai "
             "patent update"};
  r.assignments = {{20, "18247/405", "US10628795", false, "not registered"}};
  JsonWriter w;
  write_office_import_report_json(w, r);
  return w.take();
}

}  // namespace chizai
