#include "services/staff_service.h"

#include "core/text.h"
#include "io/json_writer.h"
#include "portfolio/project.h"
#include "services/history.h"
#include "store/staff_store.h"

namespace chizai {
namespace {

bool is_code(std::string_view code) {
  if (code.empty() || code.size() > 32) return false;
  for (char c : code) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// True when `text` holds a character of Japanese script (kana, CJK
// ideographs, full-width forms: UTF-8 lead bytes E3-E9 and EF).
bool has_japanese(std::string_view text) {
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if ((b >= 0xE3 && b <= 0xE9) || b == 0xEF) return true;
  }
  return false;
}

Error bad(const std::string& message, const char* field) {
  return make_error(ErrorKind::kInvalid, "bad_staff", message, field);
}

StaffMember member_of(StaffRecord r) {
  return {std::move(r.code), std::move(r.name_latin), std::move(r.name_ja), std::move(r.region),
          std::move(r.legacy_name)};
}

}  // namespace

std::string display_name(const std::string& name_latin, const std::string& name_ja) {
  if (name_latin.empty()) return name_ja;
  if (name_ja.empty()) return name_latin;
  return name_latin + " (" + name_ja + ")";
}

Status validate_staff(const StaffMember& s) {
  if (!is_code(s.code)) {
    return bad("staff code '" + s.code + "' must be 1-32 characters of A-Z a-z 0-9 . _ - (e.g. ST-SATO)", "code");
  }
  if (trim(s.name_latin).empty() && trim(s.name_ja).empty()) {
    return bad("a staff member needs a name: name_latin, name_ja or both", "name_latin");
  }
  if (has_japanese(s.name_latin)) return bad("name_latin '" + s.name_latin + "' is not in Latin letters", "name_latin");
  if (!trim(s.name_ja).empty() && !has_japanese(s.name_ja)) {
    return bad("name_ja '" + s.name_ja + "' is not in Japanese script", "name_ja");
  }
  if (!parse_staff_region(s.region)) {
    return bad("region '" + s.region + "' is not one of: " + allowed_words_staff_region(), "region");
  }
  return {};
}

Result<std::string> StaffService::put(const StaffMember& s) {
  if (auto st = validate_staff(s); !st) return st.error();
  WriteTransaction tx(db_);
  StaffStore store(db_);
  const auto old = store.find(s.code);
  StaffRecord r{s.code, std::string(trim(s.name_latin)), std::string(trim(s.name_ja)), s.region,
                old ? old->legacy_name : std::string()};
  if (old && old->name_latin == r.name_latin && old->name_ja == r.name_ja && old->region == r.region) {
    tx.commit();
    return std::string("unchanged");
  }
  if (old) {
    store.update(r);
  } else {
    store.insert(r, utc_now());
  }
  JsonWriter w;
  w.begin_object().field("name_latin", r.name_latin).field("name_ja", r.name_ja).field("region", r.region);
  record_change(db_, actor_, old ? "staff.update" : "staff.add", "staff", s.code, w.end_object().take());
  tx.commit();
  return std::string(old ? "updated" : "inserted");
}

Result<StaffMember> find_staff(Database& db, const std::string& code, const char* field) {
  auto r = StaffStore(db).find(code);
  if (!r) {
    return make_error(ErrorKind::kNotFound, "unknown_staff",
                      "no staff member " + code + " (register one with chizai staff add)", field);
  }
  return member_of(std::move(*r));
}

Result<StaffMember> StaffService::show(const std::string& code) {
  ReadSnapshot read(db_);
  return find_staff(db_, code, "staff");
}

Result<Page<StaffMember>> StaffService::list(const std::string& region, const PageRequest& page) {
  if (!region.empty() && !parse_staff_region(region)) {
    return bad("region '" + region + "' is not one of: " + allowed_words_staff_region(), "region");
  }
  ReadSnapshot read(db_);
  auto rows = StaffStore(db_).list(region, page);
  Page<StaffMember> out;
  out.next = std::move(rows.next);
  for (auto& r : rows.items) out.items.push_back(member_of(std::move(r)));
  return out;
}

}  // namespace chizai
