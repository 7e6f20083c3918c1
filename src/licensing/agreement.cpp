#include "licensing/agreement.h"

#include <algorithm>
#include <limits>
#include <set>

#include "core/text.h"

namespace chizai {
namespace {

constexpr std::size_t kMaxReference = 64;

bool is_alnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool valid_reference(std::string_view r) {
  if (r.empty() || r.size() > kMaxReference || !is_alnum(r[0])) return false;
  return std::all_of(r.begin(), r.end(), [](char c) {
    return is_alnum(c) || c == '.' || c == '_' || c == '-' || c == '/';
  });
}

bool valid_country(std::string_view c) {
  return c.size() == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z';
}

Error bad_terms(std::string field, std::string message) {
  return make_error(ErrorKind::kInvalid, "bad_terms", std::move(message), std::move(field));
}

Status check_identity(const AgreementTerms& t) {
  if (!valid_reference(t.reference)) {
    return bad_terms("id", cat("agreement id '", t.reference,
                               "' must be 1 to 64 of A-Z a-z 0-9 . _ - / starting with a letter "
                               "or digit"));
  }
  if (trim(t.licensee).empty()) return bad_terms("licensee", "licensee is required");
  if (t.package.empty() == t.patents.empty()) {
    return bad_terms("package", "give either 'package' (a package code) or 'patents' (a list of "
                                "application numbers), not both or neither");
  }
  std::set<std::string> seen;
  for (const auto& p : t.patents) {
    if (trim(p).empty()) return bad_terms("patents", "an empty application number in 'patents'");
    if (!seen.insert(p).second) return bad_terms("patents", cat("patent ", p, " is listed twice"));
  }
  return {};
}

Status check_scope(const AgreementTerms& t) {
  if (trim(t.field).empty()) return bad_terms("field", "field (of use) is required");
  if (t.territory.empty()) return bad_terms("territory", "territory needs at least one country code");
  std::set<std::string> seen;
  for (const auto& c : t.territory) {
    if (!valid_country(c)) {
      return bad_terms("territory", cat("territory '", c, "' is not an ISO 3166 alpha-2 country code "
                                                          "(two upper-case letters)"));
    }
    if (!seen.insert(c).second) return bad_terms("territory", cat("territory ", c, " is listed twice"));
  }
  if (t.end < t.start) {
    return bad_terms("end", cat("end ", t.end.to_string(), " is before start ", t.start.to_string()));
  }
  return {};
}

Status check_money(const AgreementTerms& t) {
  auto currency = Currency::of(t.currency);
  if (!currency) return bad_terms("currency", currency.error().message);
  if (t.upfront_minor < 0) return bad_terms("upfront_fee", "upfront_fee must not be negative");
  if (t.minimum_annual_minor < 0) {
    return bad_terms("minimum_annual_royalty", "minimum_annual_royalty must not be negative");
  }
  if (Status s = validate_tiers(t.tiers); !s) return s.error();
  std::set<std::string> names;
  for (const auto& m : t.milestones) {
    if (trim(m.name).empty()) return bad_terms("milestones", "a milestone needs a name");
    if (!names.insert(m.name).second) {
      return bad_terms("milestones", cat("milestone '", m.name, "' is listed twice"));
    }
    if (m.amount_minor <= 0) {
      return bad_terms("milestones", cat("milestone '", m.name, "': amount must be greater than 0"));
    }
  }
  if (t.sublicense_share_bps < 0 || t.sublicense_share_bps > 10000) {
    return bad_terms("sublicense_share_bps", cat("sublicense_share_bps ",
                                                 std::to_string(t.sublicense_share_bps),
                                                 " is outside 0..10000"));
  }
  for (const auto& [key, days] : {std::pair{"payment_terms_days", t.payment_terms_days},
                                  std::pair{"reporting_days", t.reporting_days}}) {
    if (days && (*days < 0 || *days > 365)) {
      return bad_terms(key, cat(key, " ", std::to_string(*days), " is outside 0..365"));
    }
  }
  if (t.reporting_period != "none" && t.reporting_period != "quarterly" && t.reporting_period != "semiannual" &&
      t.reporting_period != "annual") {
    return bad_terms("reporting_period", cat("reporting_period '", t.reporting_period,
                                             "' is not one of none, quarterly, semiannual, annual"));
  }
  if (!valid_policy_name(t.policy)) {
    return bad_terms("policy", cat("policy name '", t.policy, "' must be A-Z a-z 0-9 _ -"));
  }
  return {};
}

std::string fold_field(std::string_view s) { return to_lower_ascii(trim(s)); }

std::string period_text(Date a, Date b) { return a.to_string() + " .. " + b.to_string(); }

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

bool add_checked(std::int64_t& total, std::int64_t v) {
  return !__builtin_add_overflow(total, v, &total);
}

Error overflow(const char* what) {
  return make_error(ErrorKind::kRefused, "overflow", cat(what, " overflows"), "net_sales");
}

}  // namespace

bool valid_policy_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxReference) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return is_alnum(c) || c == '_' || c == '-'; });
}

Status validate_terms(const AgreementTerms& t) {
  if (Status s = check_identity(t); !s) return s;
  if (Status s = check_scope(t); !s) return s;
  return check_money(t);
}

std::string amount_text(std::int64_t minor, const Currency& currency) {
  std::string plain = Money(minor, currency).to_string();
  const bool negative = !plain.empty() && plain[0] == '-';
  if (negative) plain.erase(0, 1);
  const std::size_t dot = plain.find('.');
  const std::string integer = plain.substr(0, dot);
  const std::string decimals = dot == std::string::npos ? "" : plain.substr(dot);
  std::string grouped;
  for (std::size_t i = 0; i < integer.size(); ++i) {
    if (i > 0 && (integer.size() - i) % 3 == 0) grouped += ',';
    grouped += integer[i];
  }
  return cat(negative ? "-" : "", grouped, decimals, " ", currency.code());
}

// ---- exclusivity ---------------------------------------------------------

bool same_field(std::string_view a, std::string_view b) { return fold_field(a) == fold_field(b); }

bool periods_overlap(Date a_start, Date a_end, Date b_start, Date b_end) {
  return a_start <= b_end && b_start <= a_end;
}

namespace {

// True when exclusive licence `x` reserved the field `inner` away.
bool reserved_away(const LicenceScope& x, const std::string& inner, const FieldsOfUse& fields) {
  return std::any_of(x.reserved.begin(), x.reserved.end(),
                     [&](const std::string& r) { return fields.contains(r, inner); });
}

// The fields of `a` and `b` overlap and no exclusive one of them reserved
// the overlap (the smaller field) away.
bool fields_conflict(const LicenceScope& a, const LicenceScope& b, const FieldsOfUse& fields) {
  if (!fields.overlap(a.field, b.field)) return false;
  const std::string& inner = fields.contains(a.field, b.field) ? b.field : a.field;
  for (const LicenceScope* x : {&a, &b}) {
    if (x->exclusive && x->field != inner && reserved_away(*x, inner, fields)) return false;
  }
  return true;
}

}  // namespace

std::optional<ExclusivityConflict> find_exclusivity_conflict(
    const LicenceScope& candidate, const std::vector<LicenceScope>& others, const FieldsOfUse& fields) {
  const std::set<std::string> countries(candidate.territory.begin(), candidate.territory.end());
  for (const LicenceScope& o : others) {
    if (!(o.exclusive || candidate.exclusive) || o.reference == candidate.reference) continue;
    if (!fields_conflict(candidate, o, fields)) continue;
    if (!periods_overlap(candidate.start, candidate.end, o.start, o.end)) continue;
    std::vector<std::string> shared;
    for (const auto& c : std::set<std::string>(o.territory.begin(), o.territory.end())) {
      if (countries.count(c)) shared.push_back(c);
    }
    if (shared.empty()) continue;
    for (const auto& p : candidate.patents) {
      if (std::find(o.patents.begin(), o.patents.end(), p) == o.patents.end()) continue;
      return ExclusivityConflict{o.reference, o.exclusive, o.field, p, candidate.field, shared,
                                 std::max(candidate.start, o.start), std::min(candidate.end, o.end)};
    }
  }
  return std::nullopt;
}

std::string describe_conflict(const LicenceScope& candidate, const ExclusivityConflict& c) {
  const std::string field = same_field(c.field, c.other_field)
                                ? cat("field '", c.field, "'")
                                : cat("field '", c.field, "' (", c.other, ": '", c.other_field, "')");
  return cat(candidate.exclusive ? "exclusive licence " : "licence ", candidate.reference, " would overlap ",
             c.other_exclusive ? "exclusive licence " : "non-exclusive licence ", c.other, " on patent ", c.patent,
             ", ", field, ", territory ", join(c.countries), ", ", period_text(c.from, c.to));
}

// ---- contract years --------------------------------------------------------

ContractYear contract_year(Date start, Date end, int k) {
  const Date first = contract_year_first_day(start, k);
  return ContractYear{k, first, std::min(contract_year_last_day(start, k), end)};
}

Result<ContractYear> report_contract_year(Date start, Date end, Date period_start,
                                          Date period_end) {
  if (period_end < period_start) {
    return make_error(ErrorKind::kInvalid, "bad_period", cat("period_end ", period_end.to_string(),
                                        " is before period_start ", period_start.to_string()),
                      "period_end");
  }
  if (period_start < start || period_end > end) {
    return make_error(ErrorKind::kInvalid, "bad_period", cat("period ", period_text(period_start, period_end),
                                        " is not within the agreement's term ",
                                        period_text(start, end)),
                      period_start < start ? "period_start" : "period_end");
  }
  const int k = contract_year_index(start, period_start);
  const ContractYear year = contract_year(start, end, k);
  if (period_end > year.last) {
    const Date next = year.last.add_days(1);
    return make_error(
        ErrorKind::kInvalid, "bad_period",
        cat("period ", period_text(period_start, period_end),
            " crosses the contract-year boundary on ", next.to_string(), " (contract year ",
            period_text(year.first, year.last), " ends the day before): split it into ",
            period_text(period_start, year.last), " and a report from ", next.to_string()),
        "period_end");
  }
  return year;
}

std::vector<ContractYear> contract_years_ended_by(Date start, Date end, Date through) {
  std::vector<ContractYear> out;
  for (int k = 0; contract_year_first_day(start, k) <= end; ++k) {
    const ContractYear y = contract_year(start, end, k);
    if (y.last > through) break;
    out.push_back(y);
  }
  return out;
}

// ---- what a report charges -------------------------------------------------

std::int64_t year_minimum_minor(std::int64_t minimum_minor, Date start, const ContractYear& year,
                                bool pro_rata) {
  const Date full_last = contract_year_last_day(start, year.index);
  if (!pro_rata || year.last >= full_last) return minimum_minor;
  const std::int64_t days = year.last.days_since_epoch() - year.first.days_since_epoch() + 1;
  const std::int64_t full_days = full_last.days_since_epoch() - year.first.days_since_epoch() + 1;
  return round_half_away_from_zero(static_cast<int128>(minimum_minor) * days, full_days);
}

Result<ReportCharge> report_charge(const std::vector<RoyaltyTier>& tiers,
                                   std::int64_t sublicense_share_bps,
                                   const std::vector<YearReport>& year, const NewReport& report,
                                   const YearInvoiced& invoiced) {
  std::set<long long> corrected;
  for (const auto& r : year) {
    if (r.corrects) corrected.insert(*r.corrects);
  }
  ReportCharge charge;
  std::int64_t income_before = 0;
  const YearReport* replaced = nullptr;
  for (const auto& r : year) {
    if (corrected.count(r.id)) continue;
    if (!add_checked(charge.cumulative_before_minor, r.net_sales_minor) ||
        !add_checked(income_before, r.sublicense_income_minor)) {
      return overflow("the contract year's net sales");
    }
    if (report.corrects && r.id == *report.corrects) replaced = &r;
  }
  if (report.corrects && !replaced) {
    const bool known = std::any_of(year.begin(), year.end(),
                                   [&](const YearReport& r) { return r.id == *report.corrects; });
    return make_error(ErrorKind::kInvalid, "bad_correction",
                      cat("report ", std::to_string(*report.corrects),
                          known ? " has already been corrected: correct the latest correction "
                                  "instead"
                                : " is not a report of this contract year"),
                      "corrects");
  }
  std::int64_t sales_delta = report.net_sales_minor, income_delta = report.sublicense_income_minor;
  if (replaced && (__builtin_sub_overflow(sales_delta, replaced->net_sales_minor, &sales_delta) ||
                   __builtin_sub_overflow(income_delta, replaced->sublicense_income_minor,
                                          &income_delta))) {
    return overflow("the correction's difference");
  }
  charge.cumulative_after_minor = charge.cumulative_before_minor;
  if (!add_checked(charge.cumulative_after_minor, sales_delta)) {
    return overflow("the contract year's net sales");
  }
  std::int64_t income_after = income_before;
  if (!add_checked(income_after, income_delta)) return overflow("the contract year's sublicence income");
  // The year's royalty so far, rounded once (validates the tiers), less
  // what was invoiced: rates are at most 100%, so both fit.
  auto year_royalty = running_royalty_minor(tiers, 0, charge.cumulative_after_minor);
  if (!year_royalty) return year_royalty.error();
  auto year_share = sublicense_share_minor(income_after, sublicense_share_bps);
  if (!year_share) return year_share.error();
  if (__builtin_sub_overflow(*year_royalty, invoiced.running_royalty_minor, &charge.running_royalty_minor) ||
      __builtin_sub_overflow(*year_share, invoiced.sublicense_minor, &charge.sublicense_minor)) {
    return overflow("the difference from what was invoiced");
  }
  return charge;
}

}  // namespace chizai
