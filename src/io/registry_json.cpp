#include "io/registry_json.h"

#include <cstdint>
#include <cstdio>

namespace chizai {

void write_institution_json(JsonWriter& w, const Institution& inst) {
  w.begin_object()
      .field("code", inst.code)
      .field("kind", to_string(inst.kind))
      .field("name_en", inst.name_en)
      .field("name_ja", inst.name_ja)
      .field("country", inst.country)
      .end_object();
}

void write_patent_json(JsonWriter& w, const Patent& p,
                       const std::function<void(JsonWriter&)>& extra_members) {
  w.begin_object()
      .field("application_number", p.application_number)
      .field("jurisdiction", p.jurisdiction)
      .field("filing_date", p.filing_date.to_string())
      .field("kind", to_string(p.kind))
      .field("title", p.title)
      .field("title_ja", p.title_ja)
      .field("status", to_string(p.status));
  if (!p.publication_number.empty()) w.field("publication_number", p.publication_number);
  if (p.publication_date) w.field("publication_date", p.publication_date->to_string());
  if (!p.grant_number.empty()) w.field("grant_number", p.grant_number);
  if (p.grant_date) w.field("grant_date", p.grant_date->to_string());
  w.key("ipc").begin_array();
  for (const auto& c : p.ipc) w.value(c);
  w.end_array();
  if (p.claims) w.field("claims", *p.claims);
  w.field("stage", to_string(p.stage));
  w.key("owners").begin_array();
  for (const auto& o : p.owners) {
    w.begin_object().field("institution", o.institution).field("share", o.share.to_string()).end_object();
  }
  w.end_array();
  w.key("inventors").begin_array();
  for (const auto& i : p.inventors) {
    w.begin_object().field("name", i.name);
    if (!i.institution.empty()) w.field("institution", i.institution);
    w.end_object();
  }
  w.end_array();
  w.key("priority_claims").begin_array();
  for (const auto& c : p.priority_claims) {
    w.begin_object().field("number", c.number);
    if (c.date) w.field("date", c.date->to_string());
    w.field("kind", to_string(c.kind)).field("active", c.active).end_object();
  }
  w.end_array();
  if (extra_members) extra_members(w);
  w.end_object();
}

namespace {
std::string fnv1a_hex(const std::string& s) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}
}  // namespace

std::string content_hash(const Patent& p) {
  JsonWriter w;
  write_patent_json(w, p);
  return fnv1a_hex(w.str());
}

std::string content_hash(const Institution& inst) {
  JsonWriter w;
  write_institution_json(w, inst);
  return fnv1a_hex(w.str());
}

void write_owners_json(JsonWriter& w, const char* key, const std::vector<Owner>& owners) {
  w.key(key).begin_array();
  for (const auto& o : owners) {
    w.begin_object()
        .field("institution", o.institution)
        .field("share", o.share.to_string())
        .end_object();
  }
  w.end_array();
}

}  // namespace chizai
