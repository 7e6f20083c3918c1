#include "render/package.h"

namespace chizai::render {
namespace {

void write_member(JsonWriter& w, const PackageMember& m) {
  w.begin_object().field("application_number", m.application_number).field("role", to_string(m.role));
  w.field("weight", m.weight).field("share", m.share.to_string()).field("added_on", m.added_on.to_string());
  w.field("weight_since", m.weight_since.to_string());
  w.field("simple_family", m.simple_family).field("title", m.title).key("owners").begin_array();
  for (const auto& o : m.owners) {
    w.begin_object().field("institution", o.institution).field("share", o.share.to_string()).end_object();
  }
  w.end_array().end_object();
}

void write_history(JsonWriter& w, const std::vector<MembershipRecord>& history) {
  w.key("history").begin_array();
  for (const auto& r : history) {
    const Membership& m = r.period;
    w.begin_object().field("application_number", m.patent).field("role", to_string(m.role));
    w.field("weight", m.weight).field("added_on", m.added_on.to_string()).key("removed_on");
    if (m.removed_on) {
      w.value(m.removed_on->to_string());
    } else {
      w.null();
    }
    w.end_object();
  }
  w.end_array();
}

void write_package_head(JsonWriter& w, const PackageSummary& p) {
  w.field("code", p.code).field("name_en", p.name_en).field("name_ja", p.name_ja);
  w.field("theme", p.theme).field("status", to_string(p.status)).field("created_on", p.created_on.to_string());
}

void write_consortium_member(JsonWriter& w, const ConsortiumMember& m) {
  w.begin_object().field("institution", m.institution.code).field("kind", to_string(m.institution.kind));
  w.field("name_en", m.institution.name_en).field("name_ja", m.institution.name_ja);
  w.field("role", to_string(m.role)).field("joined_on", m.joined_on.to_string());
  w.field("nda_status", to_string(m.nda.status)).key("nda_date");
  if (m.nda.on) {
    w.value(m.nda.on->to_string());
  } else {
    w.null();
  }
  w.end_object();
}

std::int64_t count_signed(const ConsortiumView& c) {
  std::int64_t n = 0;
  for (const auto& m : c.members) n += m.nda.status == NdaStatus::kSigned ? 1 : 0;
  return n;
}

void write_numbers(JsonWriter& w, const char* key, const std::vector<std::string>& numbers) {
  w.key(key).begin_array();
  for (const auto& n : numbers) w.value(n);
  w.end_array();
}

}  // namespace

std::string package_view_json(const PackageView& v, const std::vector<MembershipRecord>* history) {
  JsonWriter w(2);
  w.begin_object();
  write_package_head(w, v.package);
  w.field("at", v.at.to_string()).field("core", v.package.core).field("peripheral", v.package.peripheral);
  w.field("total_weight", v.total_weight).key("members").begin_array();
  for (const auto& m : v.members) write_member(w, m);
  w.end_array().key("licences").begin_array();
  for (const auto& l : v.licences) {
    w.begin_object().field("agreement", l.agreement).field("licensee", l.licensee).field("exclusive", l.exclusive);
    w.field("starts_on", l.starts_on.to_string()).field("ends_on", l.ends_on.to_string()).end_object();
  }
  w.end_array();
  if (history) write_history(w, *history);
  w.end_object();
  return w.take();
}

void write_package_summary_json(JsonWriter& w, const PackageSummary& p) {
  w.begin_object();
  write_package_head(w, p);
  w.field("core", p.core).field("peripheral", p.peripheral).end_object();
}

std::string package_summary_json(const PackageSummary& package) {
  JsonWriter w(2);
  write_package_summary_json(w, package);
  return w.take();
}

std::string package_list_json(const std::vector<PackageSummary>& packages) {
  JsonWriter w(2);
  w.begin_array();
  for (const auto& p : packages) write_package_summary_json(w, p);
  w.end_array();
  return w.take();
}

std::string add_outcome_json(const std::string& code, const AddOutcome& outcome, MemberRole role,
                             std::optional<std::int64_t> weight, Date day) {
  JsonWriter w(2);
  w.begin_object()
      .field("package", code)
      .field("role", to_string(role))
      .field("weight", weight.value_or(1))
      .field("from", day.to_string())
      .key("family");
  if (outcome.family.empty()) {
    w.null();
  } else {
    w.value(outcome.family);
  }
  write_numbers(w, "added", outcome.added);
  write_numbers(w, "skipped", outcome.skipped);
  w.end_object();
  return w.take();
}

std::string member_removed_json(const std::string& code, const std::string& number, Date day) {
  JsonWriter w(2);
  w.begin_object()
      .field("package", code)
      .field("application_number", number)
      .field("removed_on", day.to_string())
      .end_object();
  return w.take();
}

std::string weight_change_json(const std::string& code, const std::string& number,
                               std::int64_t previous, std::int64_t weight, Date day) {
  JsonWriter w(2);
  w.begin_object()
      .field("package", code)
      .field("application_number", number)
      .field("previous_weight", previous)
      .field("weight", weight)
      .field("from", day.to_string())
      .end_object();
  return w.take();
}

std::string status_change_json(const std::string& code, PackageStatus previous, PackageStatus status,
                               Date day) {
  JsonWriter w(2);
  w.begin_object()
      .field("package", code)
      .field("previous_status", to_string(previous))
      .field("status", to_string(status))
      .field("date", day.to_string())
      .end_object();
  return w.take();
}

std::string consortium_json(const ConsortiumView& c) {
  JsonWriter w(2);
  w.begin_object().field("code", c.code).field("package", c.package);
  w.field("created_on", c.created_on.to_string()).key("members").begin_array();
  for (const auto& m : c.members) write_consortium_member(w, m);
  w.end_array().end_object();
  return w.take();
}

void write_consortium_summary_json(JsonWriter& w, const ConsortiumView& c) {
  w.begin_object().field("code", c.code).field("package", c.package);
  w.field("created_on", c.created_on.to_string());
  w.field("members", static_cast<std::int64_t>(c.members.size())).field("nda_signed", count_signed(c));
  w.end_object();
}

std::string consortia_json(const std::vector<ConsortiumView>& consortia) {
  JsonWriter w(2);
  w.begin_array();
  for (const auto& c : consortia) write_consortium_summary_json(w, c);
  w.end_array();
  return w.take();
}

}  // namespace chizai::render
