#include "requests/package.h"

#include "core/date.h"

namespace chizai::requests {
namespace {

Date day_or_today(const SpecFields& f, const char* key) { return f.optional_date(key).value_or(today_local()); }

}  // namespace

const RequestSpec& package_spec() {
  static const RequestSpec spec{
      "PackageRequest",
      "A draft package around one or more core patents.",
      {
          {"code", FieldType::kText, true, "Package code (A-Z a-z 0-9 . _ -)", "PKG-002"},
          {"name_en", FieldType::kText, true, "Name (English)", "Solid-state battery electrolytes"},
          {"name_ja", FieldType::kText, false, "Name (Japanese)", "全固体電池電解質"},
          {"theme", FieldType::kText, false, "Theme", "energy storage"},
          {"core", FieldType::kTextList, true, "Core patents: application numbers in any accepted spelling",
           "JP2016-012440|JP2017-104512"},
          {"peripheral", FieldType::kTextList, false, "Peripheral patents: application numbers", "JP2018-220311"},
          {"date", FieldType::kDate, false, "The creation day (default today)", "2026-04-01"},
      }};
  return spec;
}

PackageDraft read_package(const SpecFields& f) {
  return PackageDraft{f.text("code"),       f.text("name_en"),           f.text_or("name_ja", ""),
                      f.text_or("theme", ""), f.texts("core"),             f.optional_texts("peripheral"),
                      day_or_today(f, "date")};
}

const RequestSpec& member_spec() {
  static const RequestSpec spec{
      "PackageMemberRequest",
      "A patent, or every registered member of a patent's simple family, joining a package. Members already "
      "in it are skipped (200 when nothing was added).",
      {
          {"patent", FieldType::kText, false, "The application number (give this or family)", "JP2018-220311"},
          {"family", FieldType::kText, false, "A patent whose whole simple family joins (give this or patent)", ""},
          {"role", FieldType::kWord, true, "core or peripheral", "peripheral", nullptr, {"core", "peripheral"}},
          {"weight", FieldType::kInteger, false, "Allocation weight, a whole number (default 1)", "1"},
          {"date", FieldType::kDate, false, "The first day of membership (default today)", "2026-04-01"},
      }};
  return spec;
}

MemberRequest read_member(const SpecFields& f) {
  MemberRequest r;
  r.patent = f.text_or("patent", "");
  r.family = f.text_or("family", "");
  if (r.patent.empty() == r.family.empty()) {
    file_error(f.name("patent"), "give either 'patent' or 'family' (a whole simple family)");
  }
  r.role = f.word("role", parse_member_role);
  r.weight = f.optional_integer("weight");
  r.date = day_or_today(f, "date");
  return r;
}

const RequestSpec& weight_spec() {
  static const RequestSpec spec{
      "WeightRequest",
      "A current member's new allocation weight, from a day.",
      {
          {"weight", FieldType::kInteger, true, "The new weight, a whole number", "2"},
          {"date", FieldType::kDate, false, "The first day of the new weight (default today)", "2026-06-01"},
      }};
  return spec;
}

WeightRequest read_weight(const SpecFields& f) { return WeightRequest{f.integer("weight"), day_or_today(f, "date")}; }

const RequestSpec& package_status_spec() {
  static const RequestSpec spec{
      "PackageStatusRequest",
      "Moves a package to another status.",
      {
          {"status", FieldType::kWord, true, "The new status", "marketed", nullptr,
           {"draft", "marketed", "licensed", "retired"}},
          {"date", FieldType::kDate, false, "The day of the change (default today)", "2026-05-01"},
      }};
  return spec;
}

StatusRequest read_package_status(const SpecFields& f) {
  return StatusRequest{f.word("status", parse_package_status), day_or_today(f, "date")};
}

const RequestSpec& consortium_spec() {
  static const RequestSpec spec{
      "ConsortiumRequest",
      "A consortium of universities and companies formed around a package.",
      {
          {"code", FieldType::kText, true, "Consortium code", "CONS-BATT"},
          {"package", FieldType::kText, true, "The package's code", "PKG-002"},
          {"date", FieldType::kDate, false, "The formation day (default today)", "2026-05-01"},
      }};
  return spec;
}

ConsortiumRequest read_consortium(const SpecFields& f) {
  return ConsortiumRequest{f.text("code"), f.text("package"), day_or_today(f, "date")};
}

const RequestSpec& consortium_member_spec() {
  static const RequestSpec spec{
      "ConsortiumMemberRequest",
      "An institution joining a consortium.",
      {
          {"institution", FieldType::kText, true, "The institution's code", "C-0012"},
          {"role", FieldType::kWord, true, "Its role in the consortium", "licensee_candidate", nullptr,
           {"university", "licensee_candidate", "partner"}},
          {"date", FieldType::kDate, true, "The day it joined", "2026-05-10"},
          {"nda_date", FieldType::kDate, false, "The NDA's day (alone: the NDA is signed)", "2026-05-12"},
          {"nda_status", FieldType::kWord, false, "The NDA's status", "signed", nullptr,
           {"none", "requested", "signed"}},
      }};
  return spec;
}

ConsortiumJoin read_consortium_member(const SpecFields& f) {
  ConsortiumJoin join;
  join.institution = f.text("institution");
  join.role = f.word("role", parse_consortium_role);
  join.joined_on = f.date("date");
  join.nda_date = f.optional_date("nda_date");
  join.nda_status = f.optional_word("nda_status", parse_nda_status);
  return join;
}

const RequestSpec& nda_spec() {
  static const RequestSpec spec{
      "NdaRequest",
      "A consortium member's NDA requested or signed.",
      {
          {"status", FieldType::kWord, true, "requested or signed", "signed", nullptr, {"requested", "signed"}},
          {"date", FieldType::kDate, true, "The day of the request or signature", "2026-05-12"},
      }};
  return spec;
}

NdaRequest read_nda(const SpecFields& f) {
  const NdaStatus status = f.word("status", parse_nda_status);
  if (status == NdaStatus::kNone) file_error(f.name("status"), "must be requested or signed");
  return NdaRequest{status, f.date("date")};
}

}  // namespace chizai::requests
