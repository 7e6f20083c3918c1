#include "registry/ownership.h"

#include <algorithm>
#include <map>
#include <set>

namespace chizai {
namespace {

std::string describe(const std::vector<Owner>& owners) {
  std::string out;
  for (const Owner& o : owners) out += (out.empty() ? "" : ", ") + o.institution + " " + o.share.to_string();
  return out;
}

std::string joined(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : ", ") + c;
  return out;
}

Error bad_transfer(const std::string& why) {
  return make_error(ErrorKind::kInvalid, "bad_transfer", "the transfer's owners: " + why, "owners");
}

Status check_new_owners(const TransferRequest& r, const std::function<bool(std::string_view)>& registered) {
  if (r.owners.empty()) return bad_transfer("at least one owner is required");
  std::set<std::string> seen;
  Fraction sum;
  for (const Owner& o : r.owners) {
    if (o.institution.empty()) return bad_transfer("an owner's institution code is empty");
    if (!registered(o.institution)) {
      return make_error(ErrorKind::kNotFound, "unknown_institution",
                        "unknown institution code '" + o.institution + "' among the transfer's owners", "owners");
    }
    if (!seen.insert(o.institution).second) return bad_transfer("owner " + o.institution + " is listed twice");
    if (o.share <= Fraction()) {
      return bad_transfer("owner " + o.institution + " has share " + o.share.to_string() +
                          "; shares must be greater than 0");
    }
    auto next = sum.add(o.share);
    if (!next) return bad_transfer(next.error().message);
    sum = *next;
  }
  if (!(sum == Fraction::one())) return bad_transfer("the shares sum to " + sum.to_string() + ", not 1");
  return {};
}

}  // namespace

const std::vector<Owner>& owners_on(const std::vector<OwnerPeriod>& periods, const std::vector<Owner>& current,
                                    Date on) {
  if (periods.empty()) return current;
  const OwnerPeriod* in_force = &periods.front();
  for (const OwnerPeriod& p : periods) {
    if (p.valid_from <= on) in_force = &p;
  }
  return in_force->owners;
}

std::vector<std::string> owners_losing(const std::vector<Owner>& before, const std::vector<Owner>& after) {
  std::map<std::string, Fraction> next;
  for (const Owner& o : after) next[o.institution] = o.share;
  std::vector<std::string> out;
  for (const Owner& o : before) {
    auto it = next.find(o.institution);
    if (it == next.end() || it->second < o.share) out.push_back(o.institution);
  }
  return out;
}

Status check_transfer(const Patent& patent, const std::vector<OwnerPeriod>& periods, const TransferRequest& r,
                      Date today, const std::function<bool(std::string_view)>& registered) {
  const std::string& number = patent.application_number;
  if (auto s = check_new_owners(r, registered); !s) return s;
  std::map<std::string, std::string> before, after;
  for (const Owner& o : patent.owners) before[o.institution] = o.share.to_string();
  for (const Owner& o : r.owners) after[o.institution] = o.share.to_string();
  if (before == after) {
    return make_error(ErrorKind::kInvalid, "transfer_unchanged",
                      "the transfer's owners are the owners of record of " + number + " already (" +
                          describe(patent.owners) + ")",
                      "owners");
  }
  if (r.date < patent.filing_date) {
    return make_error(ErrorKind::kRefused, "before_filing",
                      "the transfer date " + r.date.to_string() + " is before the filing date " +
                          patent.filing_date.to_string() + " of " + number,
                      "date");
  }
  if (r.date > today) {
    return make_error(ErrorKind::kInvalid, "transfer_in_future",
                      "the transfer date " + r.date.to_string() + " is after today (" + today.to_string() +
                          "): record a transfer once it has taken effect",
                      "date");
  }
  if (!periods.empty() && r.date <= periods.back().valid_from) {
    return make_error(ErrorKind::kConflict, "transfer_out_of_order",
                      "the transfer date " + r.date.to_string() + " is not after the last ownership change of " +
                          number + " (" + periods.back().kind + " from " + periods.back().valid_from.to_string() +
                          "); transfers are recorded in date order",
                      "date");
  }
  for (const std::string& c : r.consents) {
    if (!before.count(c)) {
      return make_error(ErrorKind::kRefused, "not_an_owner",
                        "consent from " + c + ", which is not an owner of " + number + " (its owners are " +
                            describe(patent.owners) + ")",
                        "consents");
    }
  }
  const std::set<std::string> given(r.consents.begin(), r.consents.end());
  std::vector<std::string> missing;
  for (const std::string& code : owners_losing(patent.owners, r.owners)) {
    if (!given.count(code)) missing.push_back(code);
  }
  if (!missing.empty()) {
    return make_error(ErrorKind::kInvalid, "missing_consent",
                      "the transfer of " + number + " lowers or removes the share of " + joined(missing) +
                          ", whose consent is not given (consents)",
                      "consents");
  }
  return {};
}

}  // namespace chizai
