#include "registry/validate.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/text.h"
#include "registry/numbers.h"

namespace chizai {
namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

void check_text(std::vector<FieldError>& errors, std::string_view field, std::string_view value,
                std::size_t max_length, bool required) {
  if (value.empty()) {
    if (required) errors.push_back({std::string(field), "is required"});
    return;
  }
  if (!is_valid_utf8(value)) {
    errors.push_back({std::string(field), "is not valid UTF-8"});
    return;
  }
  const std::size_t n = utf8_length(value);
  if (n > max_length) {
    errors.push_back({std::string(field), "is " + std::to_string(n) +
                                              " characters long; the limit is " +
                                              std::to_string(max_length)});
  }
}

std::string indexed(std::string_view list, std::size_t i, std::string_view member = {}) {
  std::string out = std::string(list) + "[" + std::to_string(i) + "]";
  if (!member.empty()) out += "." + std::string(member);
  return out;
}

void check_list_size(std::vector<FieldError>& errors, std::string_view field, std::size_t n) {
  if (n > kMaxListLength) {
    errors.push_back({std::string(field), "has " + std::to_string(n) + " entries; the limit is " +
                                              std::to_string(kMaxListLength)});
  }
}

void check_owners(std::vector<FieldError>& errors, const Patent& p,
                  const std::function<bool(std::string_view)>& institution_exists) {
  if (p.owners.empty()) {
    errors.push_back({"owners", "at least one owner is required"});
    return;
  }
  check_list_size(errors, "owners", p.owners.size());
  std::set<std::string_view> seen;
  Fraction total;
  bool total_ok = true;
  for (std::size_t i = 0; i < p.owners.size(); ++i) {
    const Owner& o = p.owners[i];
    if (o.institution.empty()) {
      errors.push_back({indexed("owners", i, "institution"), "is required"});
    } else if (!institution_exists(o.institution)) {
      errors.push_back({indexed("owners", i, "institution"),
                        "unknown institution code '" + o.institution + "'"});
    }
    if (!seen.insert(o.institution).second) {
      errors.push_back({indexed("owners", i, "institution"),
                        "duplicate owner '" + o.institution + "'"});
    }
    if (o.share <= Fraction()) {
      errors.push_back({indexed("owners", i, "share"), "share must be greater than 0"});
    }
    auto sum = total.add(o.share);
    if (sum.ok()) {
      total = sum.value();
    } else {
      total_ok = false;
    }
  }
  if (!total_ok || total != Fraction::one()) {
    errors.push_back({"owners", "shares sum to " + (total_ok ? total.to_string() : "an overflow") +
                                    ", not exactly 1"});
  }
}

void check_inventors(std::vector<FieldError>& errors, const Patent& p,
                     const std::function<bool(std::string_view)>& institution_exists) {
  check_list_size(errors, "inventors", p.inventors.size());
  for (std::size_t i = 0; i < p.inventors.size(); ++i) {
    const Inventor& inv = p.inventors[i];
    check_text(errors, indexed("inventors", i, "name"), inv.name, kMaxNameLength, true);
    if (!inv.institution.empty() && !institution_exists(inv.institution)) {
      errors.push_back({indexed("inventors", i, "institution"),
                        "unknown institution code '" + inv.institution + "'"});
    }
  }
}

bool is_parent_claim(const PriorityClaim& c) {
  return c.kind == PriorityKind::kDivisional || c.kind == PriorityKind::kContinuation;
}

// The first weekday on or after `d`: an office's period ending on a
// Saturday or Sunday runs to the Monday after.
Date weekday_on_or_after(Date d) {
  const int weekday = d.iso_weekday();
  return weekday >= 6 ? d.add_days(8 - weekday) : d;
}

void check_priorities(std::vector<FieldError>& errors, const Patent& p) {
  check_list_size(errors, "priority_claims", p.priority_claims.size());
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < p.priority_claims.size(); ++i) {
    const PriorityClaim& c = p.priority_claims[i];
    if (c.number.empty()) {
      errors.push_back({indexed("priority_claims", i, "number"), "is required"});
      continue;
    }
    if (c.number == p.application_number) {
      errors.push_back({indexed("priority_claims", i, "number"),
                        "an application cannot claim its own priority"});
    }
    if (!seen.insert(c.number).second) {
      errors.push_back({indexed("priority_claims", i, "number"),
                        "duplicate priority claim '" + c.number + "'"});
    }
    if (c.date && *c.date > p.filing_date) {
      if (is_parent_claim(c)) {
        errors.push_back({indexed("priority_claims", i, "date"),
                          "the parent " + c.number + " was filed on " + c.date->to_string() + ", after the filing date " +
                              p.filing_date.to_string() + " of its " + to_string(c.kind) +
                              ": a divisional or continuation is filed after its parent",
                          kFiledBeforeParent});
      } else {
        errors.push_back({indexed("priority_claims", i, "date"),
                          "priority date " + c.date->to_string() + " is after the filing date " +
                              p.filing_date.to_string()});
      }
    }
  }
}

// The record's number carries the year it was filed in (JP, PCT, US): for a
// first filing, the year of its filing date.
void check_number_year(std::vector<FieldError>& errors, const Patent& p) {
  if (!files_on_its_own_date(p)) return;
  const auto year = application_number_year(p.application_number);
  if (!year || *year == p.filing_date.year()) return;
  errors.push_back({"application_number",
                    p.application_number + " is numbered in " + std::to_string(*year) + ", but the filing date is " +
                        p.filing_date.to_string() +
                        ": a first filing is numbered in the year it is filed (a national-phase entry or a "
                        "divisional says so in its priority claims: kind pct, divisional or continuation)",
                    kNumberYearMismatch});
}

// An active Paris priority claim of a first filing: within 12 months of the
// earlier application, or within 14 when the right of priority was restored
// (a warning, accepted on purpose).
void check_paris_period(std::vector<FieldError>& errors, const Patent& p) {
  if (!files_on_its_own_date(p)) return;
  for (std::size_t i = 0; i < p.priority_claims.size(); ++i) {
    const PriorityClaim& c = p.priority_claims[i];
    if (c.kind != PriorityKind::kParis || !c.active || !c.date || *c.date > p.filing_date) continue;
    const std::string claim = "the Paris priority of " + c.number + " (" + c.date->to_string() + ")";
    if (p.filing_date > priority_restoration_end(*c.date)) {
      errors.push_back({indexed("priority_claims", i, "date"),
                        claim + " is more than 14 months before the filing date " + p.filing_date.to_string() +
                            " (the period ended on " + priority_period_end(*c.date).to_string() +
                            ", and a restoration on " + priority_restoration_end(*c.date).to_string() +
                            "); a priority lost is recorded with active false",
                        kPriorityPeriodExceeded});
    } else if (p.filing_date > priority_period_end(*c.date)) {
      errors.push_back({indexed("priority_claims", i, "date"),
                        claim + " is more than 12 months before the filing date " + p.filing_date.to_string() +
                            " (the period ended on " + priority_period_end(*c.date).to_string() +
                            "): valid only if the right of priority was restored",
                        kPriorityRestoration, true});
    }
  }
}

// A divisional or continuation is filed after its registered parent, and a
// registered divisional or continuation after the record, its parent.
void check_filing_order(std::vector<FieldError>& errors, const Patent& p, const RelatedFilings& related) {
  if (related.filing_date) {
    for (const PriorityClaim& c : p.priority_claims) {
      if (!is_parent_claim(c) || c.number == p.application_number) continue;
      if (c.date && *c.date > p.filing_date) continue;  // said on the claim's date
      const auto parent = related.filing_date(c.number);
      if (!parent || *parent <= p.filing_date) continue;
      errors.push_back({"filing_date",
                        p.filing_date.to_string() + " is before the filing date " + parent->to_string() +
                            " of its parent " + c.number + " (registered): a " + to_string(c.kind) +
                            " is filed after its parent",
                        kFiledBeforeParent});
    }
  }
  if (related.children && !p.application_number.empty()) {
    for (const RegisteredChild& child : related.children(p.application_number)) {
      if (child.number == p.application_number || child.filing_date >= p.filing_date) continue;
      errors.push_back({"filing_date",
                        p.filing_date.to_string() + " is after the filing date " + child.filing_date.to_string() +
                            " of " + child.number + ", registered as its " + to_string(child.kind) +
                            ": a " + to_string(child.kind) + " is filed after its parent",
                        kFiledBeforeParent});
    }
  }
}

void check_dates_and_status(std::vector<FieldError>& errors, const Patent& p) {
  if (p.publication_date && *p.publication_date < p.filing_date) {
    errors.push_back({"publication_date", "is before the filing date"});
  }
  if (p.grant_date && *p.grant_date < p.filing_date) {
    errors.push_back({"grant_date", p.grant_date->to_string() + " is before the filing date " + p.filing_date.to_string(),
                      kGrantBeforeFiling});
  }
  if (p.status == PatentStatus::kGranted && !p.grant_date) {
    errors.push_back({"grant_date", "a granted patent needs its grant date", kGrantDateMissing});
  }
  if (p.claims && *p.claims < 0) {
    errors.push_back({"claims", "must not be negative"});
  }
}

}  // namespace

bool is_national_phase(const Patent& p) {
  if (p.jurisdiction == "WO" || p.kind == PatentKind::kPct) return false;
  return std::any_of(p.priority_claims.begin(), p.priority_claims.end(),
                     [](const PriorityClaim& c) { return c.kind == PriorityKind::kPct; });
}

bool is_divisional_or_continuation(const Patent& p) {
  return std::any_of(p.priority_claims.begin(), p.priority_claims.end(), is_parent_claim);
}

bool files_on_its_own_date(const Patent& p) { return !is_national_phase(p) && !is_divisional_or_continuation(p); }

Date priority_period_end(Date priority) { return weekday_on_or_after(priority.add_months(12)); }
Date priority_restoration_end(Date priority) { return weekday_on_or_after(priority.add_months(14)); }

std::vector<FieldError> refusing(std::vector<FieldError> problems, bool accept_warnings) {
  std::vector<FieldError> out;
  for (FieldError& e : problems) {
    if (!e.warning) {
      out.push_back(std::move(e));
    } else if (!accept_warnings) {
      e.reason += " (a warning: accept the warnings to register it anyway, --accept-warnings, "
                  "?accept_warnings=true)";
      out.push_back(std::move(e));
    }
  }
  return out;
}

bool is_valid_institution_code(std::string_view code) {
  if (code.empty() || code.size() > kMaxCodeLength) return false;
  if (!is_upper(code[0]) && !is_digit(code[0])) return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return is_upper(c) || is_digit(c) || c == '-' || c == '_' || c == '.';
  });
}

std::vector<FieldError> validate_institution(const Institution& inst) {
  std::vector<FieldError> errors;
  if (inst.code.empty()) {
    errors.push_back({"code", "is required"});
  } else if (!is_valid_institution_code(inst.code)) {
    errors.push_back({"code", "'" + inst.code +
                                  "' is not a valid code (1-32 of A-Z 0-9 - _ . , starting "
                                  "with a letter or digit)"});
  }
  check_text(errors, "name_en", inst.name_en, kMaxNameLength, true);
  check_text(errors, "name_ja", inst.name_ja, kMaxNameLength, false);
  if (inst.country.size() != 2 || !is_upper(inst.country[0]) || !is_upper(inst.country[1])) {
    errors.push_back({"country", "'" + inst.country + "' is not an ISO 3166 alpha-2 code"});
  }
  return errors;
}

std::vector<FieldError> validate_patent(
    const Patent& p, const std::function<bool(std::string_view)>& institution_exists,
    const RelatedFilings& related) {
  std::vector<FieldError> errors;
  if (p.application_number.empty()) errors.push_back({"application_number", "is required"});
  if (!is_known_jurisdiction(p.jurisdiction)) {
    errors.push_back({"jurisdiction", "unknown jurisdiction '" + p.jurisdiction + "'"});
  }
  check_text(errors, "title", p.title, kMaxTitleLength, true);
  check_text(errors, "title_ja", p.title_ja, kMaxTitleLength, false);
  check_text(errors, "publication_number", p.publication_number, kMaxNumberLength, false);
  check_text(errors, "grant_number", p.grant_number, kMaxNumberLength, false);
  check_list_size(errors, "ipc", p.ipc.size());
  for (std::size_t i = 0; i < p.ipc.size(); ++i) {
    if (normalize_class_symbol(p.ipc[i]) != p.ipc[i]) {
      errors.push_back({indexed("ipc", i), "'" + p.ipc[i] + "' is not an IPC/CPC symbol"});
    }
  }
  check_owners(errors, p, institution_exists);
  check_inventors(errors, p, institution_exists);
  check_priorities(errors, p);
  check_dates_and_status(errors, p);
  check_number_year(errors, p);
  check_paris_period(errors, p);
  check_filing_order(errors, p, related);
  return errors;
}

namespace {

// `text` upper-cased, its spaces dropped ("h01l 31/02" → "H01L31/02").
std::string squeezed_upper(std::string_view text) {
  std::string s;
  for (char c : trim(text)) {
    if (c != ' ') s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return s;
}

// "SUBCLASS MAIN/SUB" with the main group's leading zeros dropped, or empty
// unless the main group is 1-4 digits and the subgroup at most 6 digits
// (callers add their own rules on the subgroup).
std::string group_symbol(const std::string& subclass, const std::string& main_group, const std::string& sub_group) {
  if (main_group.empty() || main_group.size() > 4 || sub_group.size() > 6 ||
      !std::all_of(main_group.begin(), main_group.end(), is_digit) ||
      !std::all_of(sub_group.begin(), sub_group.end(), is_digit)) {
    return {};
  }
  const auto first_nonzero = main_group.find_first_not_of('0');
  const std::string group = first_nonzero == std::string::npos ? "0" : main_group.substr(first_nonzero);
  // Built by appending: g++ 12 reports a false -Wrestrict on chained operator+.
  std::string out = subclass;
  out.append(" ").append(group).append("/").append(sub_group);
  return out;
}

}  // namespace

std::string normalize_class_symbol(std::string_view text) {
  const std::string s = squeezed_upper(text);
  // Section: one letter A-H (Y for CPC tagging).
  if (s.empty() || !((s[0] >= 'A' && s[0] <= 'H') || s[0] == 'Y')) return {};
  if (s.size() == 1) return s;
  // Class: two digits.
  if (s.size() < 3 || !is_digit(s[1]) || !is_digit(s[2])) return {};
  if (s.size() == 3) return s;
  // Subclass: one letter.
  if (!is_upper(s[3])) return {};
  if (s.size() == 4) return s;
  // Group: 1-4 digits, '/', 2-6 digits.
  const std::string rest = s.substr(4);
  const auto slash = rest.find('/');
  if (slash == std::string::npos || slash + 1 >= rest.size()) return {};
  return group_symbol(s.substr(0, 4), rest.substr(0, slash), rest.substr(slash + 1));
}

std::string class_symbol_prefix(std::string_view text) {
  const std::string s = squeezed_upper(text);
  if (s.size() <= 4) return normalize_class_symbol(s);
  if (normalize_class_symbol(s.substr(0, 4)) != s.substr(0, 4)) return {};
  const std::string rest = s.substr(4);
  const auto slash = rest.find('/');
  return group_symbol(s.substr(0, 4), rest.substr(0, slash),
                      slash == std::string::npos ? "" : rest.substr(slash + 1));
}

}  // namespace chizai
