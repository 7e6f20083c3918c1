#include "services/payment_service.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>

#include "core/int128.h"
#include "core/fraction.h"
#include "core/money.h"
#include "core/text.h"
#include "io/digest.h"
#include "io/json_writer.h"
#include "ledger/journal.h"
#include "ledger/split.h"
#include "licensing/royalty.h"
#include "services/aggregation_service.h"
#include "services/fx_service.h"
#include "services/history.h"
#include "services/project_service.h"
#include "store/invoice_store.h"
#include "store/journal_store.h"
#include "store/lookup.h"
#include "store/payment_store.h"

namespace chizai {
namespace {

// ---- small helpers --------------------------------------------------------------

std::string jpy_text(std::int64_t minor) { return money_text(minor, "JPY"); }

std::int64_t narrow(int128 v) { return static_cast<std::int64_t>(v); }

// Payable balance of an institution, JPY.
std::int64_t payable_of(Database& db, const std::string& institution) {
  return credit_balance(db, payable_account(institution), "JPY");
}

// The exact value of a rate ("151.50" = "151.5"), to compare two texts.
std::optional<Fraction> rate_value(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto f = Fraction::parse(text);
  if (!f) return std::nullopt;
  return f.value();
}

bool same_rate(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return a.empty() && b.empty();
  const auto x = rate_value(a), y = rate_value(b);
  return x && y ? *x == *y : a == b;
}

// ---- the agreement a payment is for --------------------------------------------------

using AgreementInfo = PaymentAgreement;

// ---- open invoices --------------------------------------------------------------------

using OpenInvoice = InvoiceBalance;

// What a payment can settle. The rule for credit notes (negative invoices,
// which a payment is never applied to): their total is netted against the
// positive open amounts oldest first, and what remains open after that is
// what the payment settles, oldest first. Recomputed from the invoice and
// payment_application tables every time, so a credit note keeps covering
// the same (oldest) invoices and is never counted twice: over time the
// applications of an agreement sum to at most Σ invoices, and its open
// total is max(0, Σ invoices − Σ applications) of the invoices considered.
std::vector<OpenInvoice> payable_invoices(const std::vector<OpenInvoice>& invoices) {
  int128 credit_notes = 0;
  for (const auto& v : invoices) {
    if (v.open_minor < 0) credit_notes -= v.open_minor;
  }
  std::vector<OpenInvoice> out;
  for (OpenInvoice v : invoices) {
    if (v.open_minor <= 0) continue;
    const int128 netted = std::min<int128>(credit_notes, v.open_minor);
    credit_notes -= netted;
    v.open_minor -= narrow(netted);
    if (v.open_minor > 0) out.push_back(v);
  }
  return out;
}

std::vector<PaymentApplication> apply_oldest_first(const std::vector<OpenInvoice>& open,
                                                   std::int64_t amount) {
  std::vector<PaymentApplication> out;
  std::int64_t left = amount;
  for (const auto& v : open) {
    if (left == 0) break;
    const std::int64_t part = std::min(left, v.open_minor);
    out.push_back(PaymentApplication{v.id, v.income_type, v.issued_on, part});
    left -= part;
  }
  return out;
}

// ---- the route of the money -------------------------------------------------------------

struct Route {
  DistributionPolicy policy;
  std::vector<LicensedPatent> patents;
  std::string aggregator;
  std::string package;                 // empty: no cost recovery
  std::vector<OutstandingCost> costs;  // still outstanding, oldest first
};

// The licensed patents with who receives their income on `on`, the day the
// payment is received: the owners of record in force that day (the owner
// history), or an assignment's beneficiaries.
Result<std::vector<LicensedPatent>> licensed_patents(Database& db, const SchemeSettings& settings,
                                                     const std::string& actor, long long agreement_id, Date on) {
  std::vector<LicensedPatent> out;
  for (auto& [number, weight] : licensed_patent_weights(db, agreement_id)) {
    out.push_back(LicensedPatent{std::move(number), weight, {}});
  }
  AggregationService aggregation(db, settings, actor);
  std::map<std::string, bool> company;
  for (auto& p : out) {
    auto owners = aggregation.beneficiaries(p.number, on);
    if (!owners) return owners.error();
    for (const Owner& o : owners.value()) {
      auto it = company.find(o.institution);
      if (it == company.end()) {
        const auto inst = find_institution(db, o.institution);
        it = company.emplace(o.institution, inst && inst->kind == "company").first;
      }
      p.beneficiaries.push_back(Beneficiary{o.institution, o.share, it->second});
    }
  }
  return out;
}

// The cost id: zero-padded so that (date, id) orders like (date, expenditure id).
std::string cost_id(long long expenditure_id) {
  std::string digits = std::to_string(expenditure_id);
  return "expenditure-" + std::string(digits.size() < 12 ? 12 - digits.size() : 0, '0') + digits;
}

// A docket fee's cost id ("fee-…": after the day's expenditures, by id).
std::string cost_id(const RecoverableCost& c) {
  if (c.docket_cost_id == 0) return cost_id(c.expenditure_id);
  std::string digits = std::to_string(c.docket_cost_id);
  return "fee-" + std::string(digits.size() < 12 ? 12 - digits.size() : 0, '0') + digits;
}

// The package's recoverable costs less what the ledger has recovered so far
// (credits to income:cost-recovery:<package>), that taken from the oldest.
Result<std::vector<OutstandingCost>> outstanding_costs(Database& db, const SchemeSettings& settings,
                                                       const std::string& actor,
                                                       const std::string& package) {
  auto costs = ProjectService(db, settings, actor).outstanding_recoverable_costs(package);
  if (!costs) return costs.error();
  std::int64_t recovered = credit_balance(db, cost_recovery_account(package), "JPY");
  std::vector<OutstandingCost> out;
  for (const RecoverableCost& c : costs->items) {
    const std::int64_t taken = std::min(recovered, c.amount);
    recovered -= taken;
    if (c.amount > taken) out.push_back(OutstandingCost{c.date, cost_id(c), c.amount - taken});
  }
  return out;
}

Result<Route> load_route(Database& db, const SchemeSettings& settings, const std::string& actor,
                         const std::string& policy_dir, const AgreementInfo& a, Date on) {
  Route r;
  auto policy = load_distribution_policy(policy_dir, a.policy);
  if (!policy) return policy.error();
  r.policy = policy.value();
  auto patents = licensed_patents(db, settings, actor, a.id, on);
  if (!patents) return patents.error();
  r.patents = std::move(patents).value();
  r.aggregator = settings.aggregator_code;
  r.package = a.package;
  if (!a.package.empty()) {
    auto costs = outstanding_costs(db, settings, actor, a.package);
    if (!costs) return costs.error();
    r.costs = std::move(costs).value();
  }
  return r;
}

// After a distribution, the costs it recovered are no longer outstanding.
void consume_costs(std::vector<OutstandingCost>& costs, const Distribution& d) {
  for (const CostRecoveryLine& line : d.cost_recovery) {
    for (auto& c : costs) {
      if (c.id == line.cost_id) c.amount_minor -= line.amount_minor;
    }
  }
  std::erase_if(costs, [](const OutstandingCost& c) { return c.amount_minor <= 0; });
}

// ---- the journal entry of a payment ------------------------------------------------------

struct PaymentPlan {
  const PaymentRequest* request = nullptr;
  const AgreementInfo* agreement = nullptr;
  std::vector<PaymentApplication> applications;
  std::int64_t applied_minor = 0;
  std::int64_t jpy_minor = 0;  // the whole payment
};

// A posting carrying the payment's dimensions.
Posting payment_posting(const PaymentPlan& plan, std::string account, std::string currency,
                        std::int64_t amount) {
  Posting p = make_posting(std::move(account), std::move(currency), amount);
  p.agreement = plan.agreement->reference;
  p.payment_reference = plan.request->reference;
  return p;
}

// One applied invoice's part of a distribution: its income type and JPY value.
struct AppliedPart {
  std::string income_type;
  std::int64_t jpy = 0;  // > 0
};

// A distribution line before it is labelled by income type.
struct FinalLine {
  std::string account;
  std::int64_t amount = 0;  // > 0
  std::function<void(Posting&)> dims;
};

// Splits the lines' amounts over the parts so that each part's column sums
// to its JPY value and each line's row to its amount, both exactly: part
// by part (oldest invoice first), the part is split over the lines by what
// each line has left (largest remainder, ties to the earlier line); the
// last part takes what is left. A line never gets more than it has left
// (⌈part × left ÷ all left⌉ ≤ left when part ≤ all left).
// Returns amounts[line][part].
Result<std::vector<std::vector<std::int64_t>>> label_lines(const std::vector<FinalLine>& lines,
                                                           const std::vector<AppliedPart>& parts) {
  std::vector<std::vector<std::int64_t>> out(lines.size(), std::vector<std::int64_t>(parts.size(), 0));
  std::vector<std::int64_t> left;
  std::int64_t all_left = 0;
  for (const auto& l : lines) {
    left.push_back(l.amount);
    all_left += l.amount;
  }
  for (std::size_t p = 0; p < parts.size(); ++p) {
    if (p + 1 == parts.size()) {
      for (std::size_t l = 0; l < lines.size(); ++l) out[l][p] = left[l];
      break;
    }
    std::vector<SplitLine> split_lines;
    std::vector<std::size_t> index;
    for (std::size_t l = 0; l < lines.size(); ++l) {
      if (left[l] == 0) continue;
      std::string key = std::to_string(l);
      key.insert(0, 12 - std::min<std::size_t>(12, key.size()), '0');
      auto share = Fraction::make(left[l], all_left);
      if (!share) return share.error();
      split_lines.push_back(SplitLine{key, share.value()});
      index.push_back(l);
    }
    auto split = split_largest_remainder(parts[p].jpy, split_lines);
    if (!split) return split.error();
    for (std::size_t k = 0; k < index.size(); ++k) {
      out[index[k]][p] = (*split)[k];
      left[index[k]] -= (*split)[k];
      all_left -= (*split)[k];
    }
  }
  return out;
}

// The JPY credit lines distributing `parts` (the invoices one payment, or one
// credit application, settles) in ONE step: the parts' total is distributed
// once (cost recovery, the aggregator, each patent and owner: one largest-
// remainder split), so a line's total does not depend on how many invoices
// the money settled. With several parts each line is then labelled by
// income type (label_lines): every line keeps its total and every invoice's
// income type gets exactly its JPY value.
Status add_distribution_lines(std::vector<Posting>& out, Route& route, const std::vector<AppliedPart>& parts,
                              const std::string& name,
                              const std::function<Posting(std::string, std::int64_t)>& make) {
  std::int64_t total = 0;
  for (const auto& part : parts) total += part.jpy;
  if (total <= 0) return {};
  DistributionInput in;
  in.payment_minor = total;
  in.outstanding_costs = route.costs;
  in.policy = route.policy;
  in.patents = route.patents;
  in.aggregator_institution = route.aggregator;
  auto d = distribute_payment(in);
  if (!d) return with_message(d.error(), "cannot distribute " + name + ": " + d.error().message);
  consume_costs(route.costs, d.value());
  std::vector<FinalLine> lines;
  if (d->cost_recovery_total_minor > 0) {
    lines.push_back({cost_recovery_account(route.package), d->cost_recovery_total_minor, [](Posting&) {}});
  }
  if (d->aggregator_amount_minor > 0) {
    const std::string who = d->aggregator_institution, share = d->aggregator_share.to_string();
    lines.push_back({aggregator_income_account(), d->aggregator_amount_minor, [who, share](Posting& p) {
                       p.institution = who;
                       p.share = share;
                     }});
  }
  for (const OwnerLine& o : d->owner_lines) {
    if (o.amount_minor == 0) continue;
    const std::string who = o.institution, patent = o.patent, share = o.share.to_string();
    lines.push_back({payable_account(o.institution), o.amount_minor, [who, patent, share](Posting& p) {
                       p.institution = who;
                       p.patent = patent;
                       p.share = share;
                     }});
  }
  auto labelled = label_lines(lines, parts);
  if (!labelled) return labelled.error();
  for (std::size_t l = 0; l < lines.size(); ++l) {
    for (std::size_t p = 0; p < parts.size(); ++p) {
      const std::int64_t amount = (*labelled)[l][p];
      if (amount == 0) continue;
      Posting posting = make(lines[l].account, -amount);
      posting.income_type = parts[p].income_type;
      lines[l].dims(posting);
      out.push_back(posting);
    }
  }
  return {};
}

Result<JournalEntry> payment_entry(const PaymentPlan& plan, Route& route) {
  const PaymentRequest& r = *plan.request;
  const AgreementInfo& a = *plan.agreement;
  const bool foreign = r.currency != "JPY";
  JournalEntry e;
  e.posted_on = r.received_on;
  e.kind = "payment";
  e.reference = r.reference;
  e.description = "payment " + r.reference + " from " + a.licensee + ", agreement " + a.reference;
  auto licensee_posting = [&](std::string account, std::int64_t amount) {
    Posting p = payment_posting(plan, std::move(account), r.currency, amount);
    p.institution = a.licensee;
    return p;
  };
  e.postings.push_back(licensee_posting(cash_account(r.currency), r.amount_minor));
  if (plan.applied_minor > 0) {
    e.postings.push_back(licensee_posting(receivable_account(a.licensee), -plan.applied_minor));
  }
  if (r.amount_minor > plan.applied_minor) {
    e.postings.push_back(
        licensee_posting(licensee_credit_account(a.licensee), plan.applied_minor - r.amount_minor));
  }
  // Each applied part's JPY value is the difference of the cumulative
  // values, so the parts add up to the applied total's JPY value exactly
  // (one rounding for the total, none twice).
  const Currency currency = Currency::of(r.currency).value();
  std::int64_t cumulative = 0, jpy_before = 0;
  std::vector<AppliedPart> parts;
  for (const PaymentApplication& app : plan.applications) {
    cumulative += app.amount_minor;
    std::int64_t jpy_after = cumulative;
    if (foreign) {
      auto v = to_jpy_minor(Money(cumulative, currency), r.fx_rate);
      if (!v) return v.error();
      jpy_after = v.value();
    }
    const std::int64_t jpy = jpy_after - jpy_before;
    jpy_before = jpy_after;
    Posting undistributed = payment_posting(plan, undistributed_account(), r.currency, app.amount_minor);
    undistributed.income_type = app.income_type;
    e.postings.push_back(undistributed);
    if (foreign) {
      Posting out = payment_posting(plan, fx_account(), r.currency, -app.amount_minor);
      out.fx_rate = r.fx_rate;
      out.income_type = app.income_type;
      e.postings.push_back(out);
      if (jpy > 0) {
        Posting in = payment_posting(plan, fx_account(), "JPY", jpy);
        in.fx_rate = r.fx_rate;
        in.income_type = app.income_type;
        e.postings.push_back(in);
      }
    }
    if (jpy > 0) parts.push_back(AppliedPart{app.income_type, jpy});
  }
  auto line = [&](std::string account, std::int64_t amount) {
    return payment_posting(plan, std::move(account), "JPY", amount);
  };
  if (auto s = add_distribution_lines(e.postings, route, parts,
                                      "payment " + r.reference + " of agreement " + a.reference, line);
      !s) {
    return s.error();
  }
  return e;
}

// ---- licensee credit applied ----------------------------------------------------------------

std::string credit_detail(const std::string& agreement, Date on, const std::string& currency,
                          const std::vector<PaymentApplication>& apps, std::int64_t jpy) {
  JsonWriter w;
  w.begin_object().field("agreement", agreement).field("applied_on", on.to_string()).field("currency", currency);
  w.key("invoices").begin_array();
  for (const auto& a : apps) {
    w.begin_object().field("invoice", static_cast<std::int64_t>(a.invoice_id)).field("amount", a.amount_minor);
    w.end_object();
  }
  w.end_array().field("jpy_amount", jpy).end_object();
  return w.take();
}

// ---- reading payments back ----------------------------------------------------------------

// Sets a distribution line's kind (and package) from its account.
void classify_line(DistributionLineView& l) {
  const std::string& account = l.account;
  const std::string recovery = cost_recovery_account("");
  if (account.rfind(recovery, 0) == 0) {
    l.kind = "cost_recovery";
    l.package = account.substr(recovery.size());
  } else if (account == aggregator_income_account()) {
    l.kind = "aggregator";
  } else {
    l.kind = "owner";
  }
}

std::vector<DistributionLineView> distribution_lines(Database& db, long long entry_id) {
  std::vector<DistributionLineView> out = distribution_postings(db, entry_id);
  for (auto& l : out) classify_line(l);
  return out;
}

std::optional<PaymentView> load_payment(Database& db, const std::string& reference) {
  auto stored = find_payment(db, reference);
  if (!stored) return std::nullopt;
  PaymentView out = std::move(stored->view);
  out.applications = payment_applications(db, stored->id);
  out.lines = distribution_lines(db, out.entry_id);
  for (const auto& l : out.lines) out.distributed_jpy_minor += l.amount_minor;
  return out;
}

// ---- replays ----------------------------------------------------------------------------------

// A new bank reference for the same agreement, amount and date as a standing
// payment is most likely the same money entered twice (issue 18).
Status check_not_duplicate(Database& db, const PaymentRequest& r, const PaymentAgreement& agreement) {
  if (r.confirm_duplicate) return {};
  auto first = same_standing_payment(db, agreement.id, r.received_on, r.currency, r.amount_minor);
  if (!first) return {};
  return make_error(ErrorKind::kConflict, "probable_duplicate",
                    "payment " + r.reference + " looks like a duplicate of payment " + *first + " (agreement " +
                        r.agreement + ", the same amount, received on " + r.received_on.to_string() +
                        "): set confirm_duplicate to record it",
                    "confirm_duplicate");
}

// What differs between a recorded payment and a new request, or empty.
std::string payment_differences(const PaymentView& was, const PaymentRequest& r) {
  std::vector<std::string> diffs;
  auto differ = [&](const std::string& what, const std::string& recorded, const std::string& given) {
    diffs.push_back(what + " " + recorded + " recorded, " + given + " given");
  };
  if (was.agreement != r.agreement) differ("agreement", was.agreement, r.agreement);
  if (was.received_on != r.received_on) {
    differ("date", was.received_on.to_string(), r.received_on.to_string());
  }
  if (was.currency != r.currency) differ("currency", was.currency, r.currency);
  if (was.amount_minor != r.amount_minor || was.currency != r.currency) {
    differ("amount", money_text(was.amount_minor, was.currency), money_text(r.amount_minor, r.currency));
  }
  if (!same_rate(was.fx_rate, r.fx_rate)) {
    differ("fx rate", was.fx_rate.empty() ? "none" : was.fx_rate, r.fx_rate.empty() ? "none" : r.fx_rate);
  }
  std::string out;
  for (const auto& d : diffs) out += (out.empty() ? "" : "; ") + d;
  return out;
}

std::string payment_content_hash(const PaymentRequest& r) {
  const auto rate = rate_value(r.fx_rate);
  return sha256_hex(r.agreement + '\x1f' + r.received_on.to_string() + '\x1f' + r.currency + '\x1f' +
                    std::to_string(r.amount_minor) + '\x1f' + (rate ? rate->to_string() : ""));
}

std::string payment_detail(const PaymentView& v) {
  JsonWriter w;
  w.begin_object()
      .field("reference", v.reference)
      .field("agreement", v.agreement)
      .field("received_on", v.received_on.to_string())
      .field("currency", v.currency)
      .field("amount", v.amount_minor)
      .key("fx_rate");
  if (v.fx_rate.empty()) w.null(); else w.value(v.fx_rate);
  w.field("jpy_amount", v.jpy_minor)
      .field("applied", v.applied_minor)
      .field("credit", v.credit_minor)
      .field("distributed_jpy", v.distributed_jpy_minor)
      .end_object();
  return w.take();
}

// ---- checks of a payment request -------------------------------------------------------------

Status check_request_form(const PaymentRequest& r) {
  if (trim(r.reference).empty()) return make_error(ErrorKind::kInvalid, "missing_reference", "a payment needs a bank reference", "reference");
  if (r.amount_minor <= 0) {
    return make_error(ErrorKind::kInvalid, "bad_amount", "payment amount " + money_text(r.amount_minor, r.currency) +
                                        " must be more than zero", "amount");
  }
  if (auto c = Currency::of(r.currency); !c) return c.error();
  return {};
}

// A date of money moving no later than the configured horizon after today
// (9999-12-31 is a typo, not a value date).
Status check_date_horizon(Date day, const SchemeSettings& settings, const char* field, const char* what) {
  const Date last = today_local().add_days(settings.date_horizon_days);
  if (day > last) {
    return make_error(ErrorKind::kRefused, "implausible_date",
                      std::string(what) + " dated " + day.to_string() + " is more than " +
                          std::to_string(settings.date_horizon_days) + " days after today (ledger.date_horizon_days)",
                      field);
  }
  return {};
}

// A rate inside the configured bounds of its currency, if it has any.
Status check_rate_bounds(const PaymentRequest& r, const SchemeSettings& settings) {
  auto bounds = settings.fx_bounds.find(r.currency);
  if (bounds == settings.fx_bounds.end()) return {};
  auto rate = Fraction::parse(r.fx_rate);
  auto low = Fraction::parse(bounds->second.low);
  auto high = Fraction::parse(bounds->second.high);
  if (!rate || !low || !high) return {};  // a malformed rate is refused by the conversion, naming it
  if (*rate < *low || *rate > *high) {
    return make_error(ErrorKind::kRefused, "implausible_fx_rate",
                      "fx rate " + r.fx_rate + " JPY per " + r.currency + " is outside " + bounds->second.low +
                          ".." + bounds->second.high + " (ledger.fx_bounds." + r.currency + ")",
                      "fx_rate");
  }
  return {};
}

// The payment's JPY value, after the currency and rate checks.
Result<std::int64_t> payment_jpy(const PaymentRequest& r, const AgreementInfo& a, const SchemeSettings& settings) {
  if (r.currency != a.currency) {
    return make_error(ErrorKind::kRefused, "currency_mismatch", "payment currency " + r.currency + " is not agreement " +
                                               a.reference + "'s currency " + a.currency, "currency");
  }
  if (r.currency == "JPY") {
    if (!r.fx_rate.empty()) {
      return make_error(ErrorKind::kInvalid, "unexpected_fx_rate", "a JPY payment takes no fx rate (given " + r.fx_rate + ")",
                        "fx_rate");
    }
    return r.amount_minor;
  }
  if (r.fx_rate.empty()) {
    return make_error(ErrorKind::kInvalid, "missing_fx_rate", "a " + r.currency + " payment needs fx_rate (JPY per " +
                                             r.currency + ")", "fx_rate");
  }
  auto jpy = to_jpy_minor(Money(r.amount_minor, Currency::of(r.currency).value()), r.fx_rate);
  if (!jpy) return with_message(jpy.error(), "fx rate '" + r.fx_rate + "': " + jpy.error().message, "fx_rate");
  if (auto s = check_rate_bounds(r, settings); !s) return s.error();
  if (jpy.value() <= 0) {
    return make_error(ErrorKind::kRefused, "implausible_fx_rate",
                      "fx rate " + r.fx_rate + " JPY per " + r.currency + " makes " +
                          money_text(r.amount_minor, r.currency) + " worth 0 JPY",
                      "fx_rate");
  }
  return jpy.value();
}

// The request with its rate resolved: a foreign-currency payment without a
// rate takes the rate table's rate of its date (services/fx_service.h),
// recorded with the table's source; a rate given with the payment keeps
// the source given with it.
Result<PaymentRequest> with_rate(Database& db, const PaymentRequest& given) {
  PaymentRequest r = given;
  r.fx_source = std::string(trim(r.fx_source));
  if (!r.fx_source.empty() && r.fx_rate.empty()) {
    return make_error(ErrorKind::kInvalid, "unexpected_fx_source",
                      "fx_source '" + r.fx_source + "' without fx_rate: a source goes with a rate given with the payment",
                      "fx_source");
  }
  if (r.fx_source.size() > 200) {
    return make_error(ErrorKind::kInvalid, "bad_fx_source",
                      "fx_source is at most 200 bytes (given " + std::to_string(r.fx_source.size()) + ")", "fx_source");
  }
  if (r.currency == "JPY") return r;
  if (!r.fx_rate.empty()) {
    if (r.fx_source.empty()) r.fx_source = "given with the payment";
    return r;
  }
  auto rate = table_fx_rate(db, r.currency, r.received_on);
  if (!rate) return rate.error();
  r.fx_rate = rate->rate;
  r.fx_source = "fx table " + rate->date.to_string() + ": " + rate->source;
  return r;
}

void save_payment(Database& db, const PaymentPlan& plan, long long entry_id) {
  const PaymentRequest& r = *plan.request;
  NewPayment p;
  p.reference = r.reference;
  p.agreement_id = plan.agreement->id;
  p.received_on = r.received_on;
  p.currency = r.currency;
  p.amount_minor = r.amount_minor;
  p.fx_rate = r.fx_rate;
  p.fx_source = r.fx_source;
  p.jpy_minor = plan.jpy_minor;
  p.content_hash = payment_content_hash(r);
  p.entry_id = entry_id;
  p.applications = plan.applications;
  insert_payment(db, p);
}

// ---- reversals (of payments and payouts) -----------------------------------------------------

// The reason of a reversal request, trimmed; refused empty or too long.
Result<std::string> reversal_reason(const ReversalRequest& r, const char* what) {
  std::string reason(trim(r.reason));
  if (reason.empty()) return make_error(ErrorKind::kInvalid, "missing_reason", std::string("a ") + what + " reversal needs a reason", "reason");
  if (reason.size() > 1000) {
    return make_error(ErrorKind::kInvalid, "bad_reason", std::string("the reason of a ") + what + " reversal is at most 1000 bytes (given " +
                                        std::to_string(reason.size()) + ")", "reason");
  }
  return reason;
}

// Refused when `was` (the reversal already recorded) differs from the
// request; ok (a replay) when it is the same.
Status check_replay(const ReversalView& was, const ReversalRequest& r, const std::string& reason,
                    const std::string& what) {
  std::string diffs;
  if (was.reversed_on != r.reversed_on) {
    diffs = "date " + was.reversed_on.to_string() + " recorded, " + r.reversed_on.to_string() + " given";
  }
  if (was.reason != reason) diffs += (diffs.empty() ? "" : "; ") + std::string("a different reason");
  if (diffs.empty()) return {};
  return make_error(ErrorKind::kConflict, "already_reversed", what + " was already reversed on " + was.reversed_on.to_string() + ": " + diffs,
                    "reference");
}

// The entry undoing entry `entry_id`, dated `on`: its postings negated.
JournalEntry reversing_entry(Database& db, long long entry_id, Date on, const std::string& kind,
                             const std::string& reference, const std::string& description) {
  JournalEntry e;
  e.posted_on = on;
  e.kind = kind;
  e.reference = reference;
  e.description = description;
  e.postings = entry_postings(db, entry_id);
  for (Posting& p : e.postings) p.amount_minor = -p.amount_minor;
  return e;
}

std::string reversal_detail(const ReversalRequest& r, const std::string& reason, std::int64_t amount,
                            const std::string& currency) {
  JsonWriter w;
  w.begin_object().field("reference", r.reference).field("reversed_on", r.reversed_on.to_string())
      .field("reason", reason).field("amount", amount).field("currency", currency).end_object();
  return w.take();
}

// A reversal must not take a payable or a licensee's credit below zero: what
// the payment credited to it may have been paid out or used since.
// `reversal` holds the reversing postings (the payment's, negated).
Status check_reversible(Database& db, const std::string& name, const std::vector<Posting>& reversal) {
  std::map<std::pair<std::string, std::string>, std::int64_t> credited;  // (account, currency) → amount
  for (const Posting& p : reversal) {
    const bool liability = p.account.rfind(payable_account(""), 0) == 0 ||
                           p.account.rfind(licensee_credit_account(""), 0) == 0;
    if (liability) credited[{p.account, p.currency}] += p.amount_minor;  // debits take back the credits
  }
  for (const auto& [key, amount] : credited) {
    const auto& [account, currency] = key;
    const std::int64_t balance = credit_balance(db, account, currency);
    if (amount > 0 && balance < amount) {
      const bool payable = account.rfind(payable_account(""), 0) == 0;
      return make_error(ErrorKind::kRefused, "reversal_over_balance",
                        "cannot reverse " + name + ": it credited " + account + " with " +
                            money_text(amount, currency) + ", but that account now holds " +
                            money_text(balance, currency) +
                            (payable ? " (paid out since)" : " (used since)") +
                            "; reversing it would take the balance below zero",
                        "reference");
    }
  }
  return {};
}

// Posts the entry undoing `original_entry` (a payment's or a payout's) on
// the request's date, after the checks every reversal makes: not before the
// original (`original_on`), in an open month, no payable or credit below zero.
Result<long long> post_reversal(Database& db, const ReversalRequest& r, const std::string& reason,
                                const std::string& what, Date original_on, const char* verb, long long original_entry) {
  const std::string name = what + " " + r.reference;
  if (r.reversed_on < original_on) {
    return make_error(ErrorKind::kInvalid, "bad_date", "a reversal on " + r.reversed_on.to_string() + " is before " + name + " " + verb +
                                      " (" + original_on.to_string() + ")",
                      "date");
  }
  if (auto s = check_month_open(db, r.reversed_on); !s) return s.error();
  const JournalEntry entry = reversing_entry(db, original_entry, r.reversed_on, what + "_reversal", r.reference,
                                             "reversal of " + name + ": " + reason);
  if (auto s = check_reversible(db, name, entry.postings); !s) return s.error();
  return post_journal_entry(db, entry);
}

// The one flow of both reversals. `what` is "payment" or "payout": the
// original's table, and its reversal's kind and table are `what`_reversal.
// `load` reads the original's view (with its reversal, entry and amount),
// `date_of` and `currency_of` read that view.
template <class Outcome, class Load, class DateOf, class CurrencyOf>
Result<Outcome> reverse_one(Database& db, const std::string& actor, const ReversalRequest& r, const std::string& what,
                            const char* verb, Load load, DateOf date_of, CurrencyOf currency_of) {
  auto reason = reversal_reason(r, what.c_str());
  if (!reason) return reason.error();
  WriteTransaction tx(db);
  hold_off_month_close(db);
  lock_money_tables(db);
  auto was = load(db, r.reference);
  if (!was) return make_error(ErrorKind::kNotFound, "unknown_" + what, "unknown " + what + " reference '" + r.reference + "'", "reference");
  if (was->reversal) {
    if (auto s = check_replay(*was->reversal, r, *reason, what + " " + r.reference); !s) return s.error();
    return Outcome{std::move(*was), false};
  }
  auto entry_id = post_reversal(db, r, *reason, what, date_of(*was), verb, was->entry_id);
  if (!entry_id) return entry_id.error();
  insert_reversal(db, what, original_id(db, what, r.reference).value_or(0), r.reversed_on, *reason, *entry_id);
  auto view = load(db, r.reference);
  record_change(db, actor, what + ".reverse", what, r.reference,
                reversal_detail(r, *reason, view->amount_minor, currency_of(*view)));
  tx.commit();
  return Outcome{std::move(*view), true};
}

// ---- payouts --------------------------------------------------------------------------------

std::string payout_differences(const PayoutView& was, const PayoutRequest& r) {
  std::string out;
  auto differ = [&](const std::string& what, const std::string& recorded, const std::string& given) {
    out += (out.empty() ? "" : "; ") + what + " " + recorded + " recorded, " + given + " given";
  };
  if (was.institution != r.institution) differ("institution", was.institution, r.institution);
  if (was.paid_on != r.paid_on) differ("date", was.paid_on.to_string(), r.paid_on.to_string());
  if (was.amount_minor != r.amount_minor) {
    differ("amount", jpy_text(was.amount_minor), jpy_text(r.amount_minor));
  }
  return out;
}

JournalEntry payout_entry(const PayoutRequest& r) {
  JournalEntry e;
  e.posted_on = r.paid_on;
  e.kind = "payout";
  e.reference = r.reference;
  e.description = "payout " + r.reference + " to " + r.institution;
  Posting debit = make_posting(payable_account(r.institution), "JPY", r.amount_minor);
  Posting credit = make_posting(cash_account("JPY"), "JPY", -r.amount_minor);
  debit.institution = credit.institution = r.institution;
  e.postings = {debit, credit};
  return e;
}

bool valid_policy_name(const std::string& name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

// ---- credit notes settled (sql/0028) ------------------------------------------------------

// One credit note netted against one open invoice.
struct Netting {
  InvoiceBalance note, invoice;
  std::int64_t amount = 0;  // > 0
};

// The credit notes still open (open < 0), oldest first, each netted against
// the positive open invoices, oldest first, as far as they go.
std::vector<Netting> net_credit_notes(const std::vector<InvoiceBalance>& invoices) {
  std::vector<InvoiceBalance> open;
  for (const auto& v : invoices) {
    if (v.open_minor > 0) open.push_back(v);
  }
  std::vector<Netting> out;
  std::size_t k = 0;
  for (const auto& note : invoices) {
    if (note.open_minor >= 0) continue;
    std::int64_t left = -note.open_minor;
    while (left > 0 && k < open.size()) {
      const std::int64_t part = std::min(left, open[k].open_minor);
      out.push_back(Netting{note, open[k], part});
      left -= part;
      open[k].open_minor -= part;
      if (open[k].open_minor == 0) ++k;
    }
  }
  return out;
}

// Nets the agreement's open credit notes against its open invoices dated on
// or before `on` (one entry, kind credit_note_netting: per pair, Dr the
// receivable for the credit note, Cr it for the invoice — the licensee's
// receivable does not move, each invoice's open amount does).
Status net_open_credit_notes(Database& db, const std::string& actor, const PaymentAgreement& a, Date on) {
  const std::vector<Netting> pairs = net_credit_notes(invoice_balances(db, a.id, on));
  if (pairs.empty()) return {};
  const std::string reference = "netting:" + a.reference + ":" + on.to_string();
  JournalEntry e;
  e.posted_on = on;
  e.kind = "credit_note_netting";
  e.reference = reference;
  JsonWriter w;
  w.begin_object().field("agreement", a.reference).field("applied_on", on.to_string()).field("currency", a.currency);
  w.key("netted").begin_array();
  std::string pairs_text;
  for (const auto& n : pairs) {
    for (auto [amount, type] : {std::pair{n.amount, n.note.income_type}, std::pair{-n.amount, n.invoice.income_type}}) {
      Posting p = make_posting(receivable_account(a.licensee), a.currency, amount);
      p.institution = a.licensee;
      p.agreement = a.reference;
      p.income_type = type;
      p.payment_reference = reference;
      e.postings.push_back(p);
    }
    pairs_text += (pairs_text.empty() ? "" : ", ") + std::to_string(n.note.id) + " against " + std::to_string(n.invoice.id);
    w.begin_object().field("credit_note", static_cast<std::int64_t>(n.note.id));
    w.field("invoice", static_cast<std::int64_t>(n.invoice.id)).field("amount", n.amount).end_object();
  }
  w.end_array().end_object();
  e.description = "credit note(s) of " + a.reference + " netted: " + pairs_text;
  auto entry_id = post_journal_entry(db, e);
  if (!entry_id) return entry_id.error();
  for (const auto& n : pairs) {
    insert_credit_note_application(
        db, NewCreditNoteApplication{a.id, n.note.id, n.invoice.id, *entry_id, on, a.currency, "", n.amount, 0});
  }
  record_change(db, actor, "credit_note.net", "agreement", a.reference, w.take());
  return {};
}

// `jpy` split over the lines in proportion to what each carries (largest
// remainder, ties by account then patent). REQUIRES: Σ lines ≥ jpy > 0.
Result<std::vector<std::int64_t>> take_back_split(const std::vector<DistributedLine>& lines, std::int64_t jpy) {
  std::int64_t total = 0;
  for (const auto& l : lines) total += l.amount_minor;
  std::vector<SplitLine> split;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto share = Fraction::make(lines[i].amount_minor, total);
    if (!share) return share.error();
    std::string key = std::to_string(i);
    key.insert(0, 12 - std::min<std::size_t>(12, key.size()), '0');
    split.push_back(SplitLine{key, share.value()});
  }
  return split_largest_remainder(jpy, split);
}

// A credit note left open when nothing of the agreement is open any more (a
// correction after everything was paid): the licensee is owed the amount.
// One entry (kind correction_credit) closes the note on the receivable,
// credits the licensee, and takes the income back from the lines that
// distributed it (its income type's, else all the agreement's), split in
// proportion to what each line got (so by the split that paid them). A
// foreign amount is converted at the agreement's latest standing payment's
// rate. Left open (nothing written) when there is no rate, when the
// agreement distributed less than the JPY amount, or when a payable would
// go below zero (money already paid out): the receivables list shows it.
Status credit_closed_notes(Database& db, const std::string& actor, const PaymentAgreement& a, Date on) {
  for (const InvoiceBalance& note : invoice_balances(db, a.id, on)) {
    if (note.open_minor >= 0) continue;
    const std::int64_t amount = -note.open_minor;
    const bool foreign = a.currency != "JPY";
    const std::string rate =
        foreign ? latest_payment_rate(db, a.id, Date::parse("9999-12-31").value()) : std::string();
    if (foreign && rate.empty()) continue;
    std::int64_t jpy = amount;
    if (foreign) {
      auto v = to_jpy_minor(Money(amount, Currency::of(a.currency).value()), rate);
      if (!v) return v.error();
      jpy = v.value();
    }
    std::vector<DistributedLine> lines = distributed_lines(db, a.id, note.income_type);
    auto sum = [](const std::vector<DistributedLine>& ls) {
      std::int64_t s = 0;
      for (const auto& l : ls) s += l.amount_minor;
      return s;
    };
    if (sum(lines) < jpy) lines = distributed_lines(db, a.id, "");
    if (jpy <= 0 || sum(lines) < jpy) continue;
    auto taken = take_back_split(lines, jpy);
    if (!taken) return taken.error();
    bool covered = true;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const auto& l = lines[i];
      if (l.account.rfind(payable_account(""), 0) == 0 && -account_balance_jpy(db, l.account) < (*taken)[i]) {
        covered = false;
      }
    }
    if (!covered) continue;
    // Dated the note's day, or the day of the latest money it takes back
    // when that is later (a correction dated its period's end, reported
    // after the payment): never before what it reverses.
    Date when = on;
    if (auto last = latest_distribution_day(db, a.id); last && *last > when) when = *last;
    const std::string reference = "correction:" + a.reference + ":" + when.to_string();
    auto posting = [&](std::string account, std::string currency, std::int64_t value) {
      Posting p = make_posting(std::move(account), std::move(currency), value);
      p.agreement = a.reference;
      p.income_type = note.income_type;
      p.payment_reference = reference;
      return p;
    };
    JournalEntry e;
    e.posted_on = when;
    e.kind = "correction_credit";
    e.reference = reference;
    e.description = "credit note " + std::to_string(note.id) + " of " + a.reference +
                    " after payment: owed to " + a.licensee + " as credit, taken back from the distribution";
    Posting closed = posting(receivable_account(a.licensee), a.currency, amount);
    Posting owed = posting(licensee_credit_account(a.licensee), a.currency, -amount);
    closed.institution = owed.institution = a.licensee;
    e.postings = {closed, owed, posting(undistributed_account(), a.currency, -amount)};
    if (foreign) {
      Posting out = posting(fx_account(), a.currency, amount);
      Posting in = posting(fx_account(), "JPY", -jpy);
      out.fx_rate = in.fx_rate = rate;
      e.postings.push_back(out);
      e.postings.push_back(in);
    }
    JsonWriter w;
    w.begin_object().field("credit_note", static_cast<std::int64_t>(note.id)).field("applied_on", when.to_string());
    w.field("currency", a.currency).field("amount", amount).field("jpy_amount", jpy).key("taken_back").begin_array();
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if ((*taken)[i] == 0) continue;
      Posting p = posting(lines[i].account, "JPY", (*taken)[i]);
      p.institution = lines[i].institution;
      p.patent = lines[i].patent;
      e.postings.push_back(p);
      w.begin_object().field("account", lines[i].account).field("patent", lines[i].patent);
      w.field("amount", (*taken)[i]).end_object();
    }
    w.end_array().end_object();
    auto entry_id = post_journal_entry(db, e);
    if (!entry_id) return entry_id.error();
    insert_credit_note_application(
        db, NewCreditNoteApplication{a.id, note.id, 0, *entry_id, when, a.currency, rate, amount, jpy});
    record_change(db, actor, "credit_note.credit", "agreement", a.reference, w.take());
  }
  return {};
}

// The refusal of a page `after` a key that names no `what`.
Error unknown_after(const std::string& what, const std::string& after) {
  return make_error(ErrorKind::kInvalid, "unknown_after", "no " + what + " '" + after + "' to list after", "after");
}

}  // namespace

// ---- licensee credit --------------------------------------------------------------------------

Result<std::int64_t> apply_licensee_credit(Database& db, const SchemeSettings& settings, const std::string& actor,
                                           const std::string& policy_dir, const std::string& agreement, Date on) {
  const auto a = find_payment_agreement(db, agreement);
  if (!a) return make_error(ErrorKind::kNotFound, "unknown_agreement", "unknown agreement '" + agreement + "'", "agreement");
  if (auto s = net_open_credit_notes(db, actor, *a, on); !s) return s.error();
  const std::int64_t credit = agreement_credit(db, a->id, a->licensee, a->currency);
  if (credit <= 0) return std::int64_t{0};
  const std::vector<PaymentApplication> apps =
      apply_oldest_first(payable_invoices(invoice_balances(db, a->id, on)), credit);
  if (apps.empty()) return std::int64_t{0};
  const bool foreign = a->currency != "JPY";
  const std::string rate = foreign ? latest_payment_rate(db, a->id, on) : std::string();
  if (foreign && rate.empty()) {
    return make_error(ErrorKind::kRefused, "no_credit_rate",
                      "cannot apply " + a->licensee + "'s " + a->currency + " credit on " + agreement +
                          ": no standing payment gives the rate to distribute it at",
                      "agreement");
  }
  auto loaded = load_route(db, settings, actor, policy_dir, *a, on);
  if (!loaded) {
    return with_message(loaded.error(), "cannot distribute the credit applied on " + agreement + ": " +
                                            loaded.error().message);
  }
  Route route = std::move(loaded).value();
  // The same in every database that got the same operations (no row ids).
  const std::string reference = "credit:" + agreement + ":" + on.to_string();
  auto posting = [&](std::string account, std::string currency, std::int64_t amount) {
    Posting p = make_posting(std::move(account), std::move(currency), amount);
    p.agreement = agreement;
    p.payment_reference = reference;
    return p;
  };
  JournalEntry e;
  e.posted_on = on;
  e.kind = "credit_application";
  e.reference = reference;
  std::string ids;
  for (const auto& app : apps) ids += (ids.empty() ? "" : ", ") + std::to_string(app.invoice_id);
  e.description = "licensee credit of " + a->licensee + " applied to invoice(s) " + ids + " of " + agreement;
  std::int64_t applied = 0;
  for (const auto& app : apps) applied += app.amount_minor;
  Posting used = posting(licensee_credit_account(a->licensee), a->currency, applied);
  Posting settled = posting(receivable_account(a->licensee), a->currency, -applied);
  used.institution = settled.institution = a->licensee;
  e.postings = {used, settled};
  const Currency currency = Currency::of(a->currency).value();
  std::int64_t cumulative = 0, jpy_before = 0;
  std::vector<AppliedPart> parts;
  std::vector<std::int64_t> jpy_of;
  for (const auto& app : apps) {
    cumulative += app.amount_minor;
    std::int64_t jpy_after = cumulative;
    if (foreign) {
      auto v = to_jpy_minor(Money(cumulative, currency), rate);
      if (!v) return v.error();
      jpy_after = v.value();
    }
    const std::int64_t jpy = jpy_after - jpy_before;
    jpy_before = jpy_after;
    jpy_of.push_back(jpy);
    Posting undistributed = posting(undistributed_account(), a->currency, app.amount_minor);
    undistributed.income_type = app.income_type;
    e.postings.push_back(undistributed);
    if (foreign) {
      Posting out = posting(fx_account(), a->currency, -app.amount_minor);
      out.fx_rate = rate;
      out.income_type = app.income_type;
      e.postings.push_back(out);
      if (jpy > 0) {
        Posting in = posting(fx_account(), "JPY", jpy);
        in.fx_rate = rate;
        in.income_type = app.income_type;
        e.postings.push_back(in);
      }
    }
    if (jpy > 0) parts.push_back(AppliedPart{app.income_type, jpy});
  }
  if (auto s = add_distribution_lines(e.postings, route, parts, "the credit applied on " + agreement,
                                      [&](std::string account, std::int64_t amount) {
                                        return posting(std::move(account), "JPY", amount);
                                      });
      !s) {
    return s.error();
  }
  auto entry_id = post_journal_entry(db, e);
  if (!entry_id) return entry_id.error();
  for (std::size_t i = 0; i < apps.size(); ++i) {
    insert_credit_application(db, NewCreditApplication{a->id, apps[i].invoice_id, *entry_id, on, a->currency,
                                                       rate, apps[i].amount_minor, jpy_of[i]});
  }
  record_change(db, actor, "credit.apply", "agreement", agreement,
                credit_detail(agreement, on, a->currency, apps, jpy_before));
  return applied;
}

Status credit_open_credit_notes(Database& db, const std::string& actor, Date month_end) {
  for (const std::string& reference : agreements_with_open_credit_notes(db, month_end)) {
    const auto a = find_payment_agreement(db, reference);
    if (!a) continue;
    if (auto s = net_open_credit_notes(db, actor, *a, month_end); !s) return s;
    if (auto s = credit_closed_notes(db, actor, *a, month_end); !s) return s;
  }
  return {};
}

Result<Page<CreditBalance>> PaymentService::list_credits(const std::string& licensee, const PageRequest& page) {
  ReadSnapshot snapshot(db_);
  if (!licensee.empty() && !find_institution_id(db_, licensee)) {
    return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown institution '" + licensee + "'",
                      "licensee");
  }
  if (!page.after.empty() && !find_payment_agreement(db_, page.after)) return unknown_after("agreement", page.after);
  return credit_balances(db_, licensee, page);
}

Result<CreditRefundOutcome> PaymentService::refund_credit(const CreditRefundRequest& r) {
  if (r.reference.empty()) {
    return make_error(ErrorKind::kInvalid, "missing_reference", "a refund needs its bank reference", "reference");
  }
  if (r.amount_minor <= 0) {
    return make_error(ErrorKind::kInvalid, "bad_amount", "a refund's amount must be greater than 0", "amount");
  }
  WriteTransaction tx(db_);
  hold_off_month_close(db_);
  lock_money_tables(db_);
  const auto a = find_payment_agreement(db_, r.agreement);
  if (!a) return make_error(ErrorKind::kNotFound, "unknown_agreement", "unknown agreement '" + r.agreement + "'", "agreement");
  if (auto was = find_credit_refund(db_, r.reference)) {
    std::string diffs;
    auto differ = [&](const std::string& what, const std::string& recorded, const std::string& given) {
      diffs += (diffs.empty() ? "" : "; ") + what + " " + recorded + " recorded, " + given + " given";
    };
    if (was->agreement != r.agreement) differ("agreement", was->agreement, r.agreement);
    if (was->refunded_on != r.date) differ("date", was->refunded_on.to_string(), r.date.to_string());
    if (was->currency != r.currency) differ("currency", was->currency, r.currency);
    if (was->amount_minor != r.amount_minor) {
      differ("amount", money_text(was->amount_minor, was->currency), money_text(r.amount_minor, r.currency));
    }
    if (!diffs.empty()) {
      return make_error(ErrorKind::kConflict, "reference_conflict",
                        "refund reference " + r.reference + " was already recorded with different content: " + diffs,
                        "reference");
    }
    return CreditRefundOutcome{*was, agreement_credit(db_, a->id, a->licensee, a->currency), false};
  }
  if (r.currency != a->currency) {
    return make_error(ErrorKind::kRefused, "currency_mismatch",
                      "agreement " + a->reference + " is in " + a->currency + ", not " + r.currency, "currency");
  }
  if (auto s = check_date_horizon(r.date, settings_, "date", "a refund"); !s) return s.error();
  if (auto s = check_month_open(db_, r.date); !s) return s.error();
  const std::int64_t held = agreement_credit(db_, a->id, a->licensee, a->currency);
  if (r.amount_minor > held) {
    return make_error(ErrorKind::kRefused, "insufficient_credit",
                      a->licensee + " holds " + money_text(held, a->currency) + " of credit on " +
                          a->reference + ": cannot refund " + money_text(r.amount_minor, a->currency),
                      "amount");
  }
  JournalEntry e;
  e.posted_on = r.date;
  e.kind = "credit_refund";
  e.reference = r.reference;
  e.description = "licensee credit refunded to " + a->licensee + ", agreement " + a->reference;
  Posting used = make_posting(licensee_credit_account(a->licensee), a->currency, r.amount_minor);
  Posting paid = make_posting(cash_account(a->currency), a->currency, -r.amount_minor);
  for (Posting* p : {&used, &paid}) {
    p->institution = a->licensee;
    p->agreement = a->reference;
    p->payment_reference = r.reference;
  }
  e.postings = {used, paid};
  auto entry_id = post_journal_entry(db_, e);
  if (!entry_id) return entry_id.error();
  CreditRefundView v{r.reference, a->reference, a->licensee, a->currency, r.date, r.amount_minor, *entry_id,
                     utc_now(), actor_};
  insert_credit_refund(db_, a->id, v);
  JsonWriter w;
  w.begin_object().field("agreement", a->reference).field("date", r.date.to_string()).field("currency", a->currency);
  w.field("amount", r.amount_minor).field("reference", r.reference).end_object();
  record_change(db_, actor_, "credit.refund", "agreement", a->reference, w.take());
  auto stored = find_credit_refund(db_, r.reference);
  const std::int64_t left = agreement_credit(db_, a->id, a->licensee, a->currency);
  tx.commit();
  return CreditRefundOutcome{*stored, left, true};
}

// ---- policies --------------------------------------------------------------------------------

Result<DistributionPolicy> parse_distribution_policy(std::string_view text, const std::string& source) {
  DistributionPolicy p;
  std::size_t line_no = 0;
  for (std::string_view raw : split(text, '\n')) {
    ++line_no;
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == '!') continue;
    const std::string where = source + " line " + std::to_string(line_no);
    const auto sep = line.find_first_of("=:");
    if (sep == std::string_view::npos) {
      return make_error(ErrorKind::kInvalid, "bad_policy", where + ": expected 'key = value'");
    }
    const std::string key(trim(line.substr(0, sep))), value(trim(line.substr(sep + 1)));
    if (key == "cost_recovery_max_bps") {
      const auto bps = parse_int64(value);
      if (!bps || *bps < 0 || *bps > 10000) {
        return make_error(ErrorKind::kInvalid, "bad_policy", where + ": cost_recovery_max_bps '" + value +
                                            "' is not a whole number from 0 to 10000");
      }
      p.cost_recovery_max_bps = *bps;
    } else if (key == "aggregator_share") {
      auto share = Fraction::parse(value);
      if (!share || share.value() > Fraction::one()) {
        return make_error(ErrorKind::kInvalid, "bad_policy", where + ": aggregator_share '" + value +
                                            "' is not a fraction from 0 to 1 (e.g. 1/3)");
      }
      p.aggregator_share = share.value();
    } else if (key == "company_owners") {
      if (value == "include") {
        p.company_owners = CompanyOwners::kInclude;
      } else if (value == "exclude") {
        p.company_owners = CompanyOwners::kExclude;
      } else {
        return make_error(ErrorKind::kInvalid, "bad_policy", where + ": company_owners '" + value + "': use include or exclude");
      }
    } else {
      return make_error(ErrorKind::kInvalid, "bad_policy", where + ": unknown key '" + key +
                                          "' (keys: cost_recovery_max_bps, aggregator_share, company_owners)");
    }
  }
  return p;
}

Result<DistributionPolicy> load_distribution_policy(const std::string& dir, const std::string& name) {
  if (!valid_policy_name(name)) {
    return make_error(ErrorKind::kInvalid, "bad_policy", "distribution policy name '" + name +
                                        "' must be letters, digits, '-' or '_'");
  }
  const std::string path = (std::filesystem::path(dir) / (name + ".properties")).string();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (name == "default" && !std::filesystem::exists(path)) return DistributionPolicy{};
    return make_error(ErrorKind::kNotFound, "unknown_policy", "unknown distribution policy '" + name + "': no file " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_distribution_policy(text.str(), path);
}

// ---- payments ----------------------------------------------------------------------------------

Result<PaymentOutcome> PaymentService::record_payment(const PaymentRequest& given) {
  if (auto s = check_request_form(given); !s) return s.error();
  WriteTransaction tx(db_);
  hold_off_month_close(db_);
  lock_money_tables(db_);
  if (auto was = load_payment(db_, given.reference)) {
    // A replay without a rate compares with the table's rate of its day.
    PaymentRequest same = given;
    if (same.fx_rate.empty() && same.currency != "JPY") {
      if (auto t = find_fx_rate(db_, same.currency, same.received_on)) same.fx_rate = t->rate;
    }
    const std::string diffs = payment_differences(*was, same);
    if (!diffs.empty()) {
      return make_error(ErrorKind::kConflict, "reference_conflict", "payment reference " + given.reference +
                                                  " was already recorded with different content: " + diffs,
                        "reference");
    }
    return PaymentOutcome{std::move(*was), false};
  }
  const auto agreement = find_payment_agreement(db_, given.agreement);
  if (!agreement) return make_error(ErrorKind::kNotFound, "unknown_agreement", "unknown agreement '" + given.agreement + "'", "agreement");
  // The rate (given, or the table's) once the currency is the agreement's:
  // another currency is refused as such by payment_jpy below.
  PaymentRequest resolved = given;
  if (given.currency == agreement->currency) {
    auto with = with_rate(db_, given);
    if (!with) return with.error();
    resolved = std::move(with).value();
  }
  const PaymentRequest& r = resolved;
  auto jpy = payment_jpy(r, *agreement, settings_);
  if (!jpy) return jpy.error();
  if (auto s = check_date_horizon(r.received_on, settings_, "received_on", "a payment"); !s) return s.error();
  if (auto s = check_month_open(db_, r.received_on); !s) return s.error();
  if (auto s = check_not_duplicate(db_, r, *agreement); !s) return s.error();

  PaymentPlan plan;
  plan.request = &r;
  plan.agreement = &*agreement;
  plan.jpy_minor = jpy.value();
  plan.applications = apply_oldest_first(payable_invoices(invoice_balances(db_, agreement->id, r.received_on)),
                                         r.amount_minor);
  for (const auto& app : plan.applications) plan.applied_minor += app.amount_minor;
  std::optional<Route> route;
  if (plan.applied_minor > 0) {
    auto loaded = load_route(db_, settings_, actor_, policy_dir_, *agreement, r.received_on);
    if (!loaded) {
      return with_message(loaded.error(), "cannot distribute payment " + r.reference + ": " +
                                                 loaded.error().message);
    }
    route = std::move(loaded).value();
  }
  Route none;
  auto entry = payment_entry(plan, route ? *route : none);
  if (!entry) return entry.error();
  auto entry_id = post_journal_entry(db_, entry.value());
  if (!entry_id) return entry_id.error();
  save_payment(db_, plan, entry_id.value());
  auto view = load_payment(db_, r.reference);
  record_change(db_, actor_, "payment.record", "payment", r.reference, payment_detail(*view));
  // Credit left beside invoices dated after the payment is applied on each
  // invoice's date: an early payment settles its invoice when it is due.
  if (view->credit_minor > 0) {
    std::vector<Date> later;
    for (const auto& v : invoice_balances(db_, agreement->id, Date::parse("9999-12-31").value())) {
      if (v.issued_on > r.received_on && v.open_minor > 0 &&
          std::find(later.begin(), later.end(), v.issued_on) == later.end()) {
        later.push_back(v.issued_on);
      }
    }
    for (Date day : later) {
      if (auto s = check_month_open(db_, day); !s) continue;
      auto applied = apply_licensee_credit(db_, settings_, actor_, policy_dir_, r.agreement, day);
      if (!applied) return applied.error();
    }
  }
  tx.commit();
  return PaymentOutcome{std::move(*view), true};
}

Result<PaymentOutcome> PaymentService::reverse_payment(const ReversalRequest& r) {
  return reverse_one<PaymentOutcome>(
      db_, actor_, r, "payment", "was received", load_payment, [](const PaymentView& v) { return v.received_on; },
      [](const PaymentView& v) { return v.currency; });
}

Result<PaymentView> PaymentService::show_payment(const std::string& reference) {
  ReadSnapshot snapshot(db_);
  auto v = load_payment(db_, reference);
  if (!v) return make_error(ErrorKind::kNotFound, "unknown_payment", "unknown payment reference '" + reference + "'", "reference");
  return std::move(*v);
}

Result<Page<PaymentView>> PaymentService::list_payments(const std::string& agreement, const PageRequest& page) {
  ReadSnapshot snapshot(db_);
  if (!agreement.empty() && !find_payment_agreement(db_, agreement)) {
    return make_error(ErrorKind::kNotFound, "unknown_agreement", "unknown agreement '" + agreement + "'", "agreement");
  }
  if (!page.after.empty() && !original_id(db_, "payment", page.after)) return unknown_after("payment", page.after);
  return payments_page(db_, agreement, page);
}

// ---- payouts -----------------------------------------------------------------------------------

Result<Page<PayoutView>> PaymentService::list_payouts(const std::string& institution, const PageRequest& page) {
  ReadSnapshot snapshot(db_);
  if (!institution.empty() && !find_institution_id(db_, institution)) {
    return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown institution '" + institution + "'",
                      "institution");
  }
  if (!page.after.empty() && !original_id(db_, "payout", page.after)) return unknown_after("payout", page.after);
  return payouts_page(db_, institution, page);
}

Result<PayoutOutcome> PaymentService::record_payout(const PayoutRequest& r) {
  if (trim(r.reference).empty()) return make_error(ErrorKind::kInvalid, "missing_reference", "a payout needs a reference", "reference");
  if (r.amount_minor <= 0) {
    return make_error(ErrorKind::kInvalid, "bad_amount", "payout amount " + jpy_text(r.amount_minor) + " must be more than zero",
                      "amount");
  }
  WriteTransaction tx(db_);
  hold_off_month_close(db_);
  lock_money_tables(db_);
  if (auto was = find_payout(db_, r.reference)) {
    const std::string diffs = payout_differences(*was, r);
    if (!diffs.empty()) {
      return make_error(ErrorKind::kConflict, "reference_conflict", "payout reference " + r.reference +
                                                  " was already recorded with different content: " + diffs,
                        "reference");
    }
    return PayoutOutcome{std::move(*was), false};
  }
  const auto inst = find_institution_id(db_, r.institution);
  if (!inst) return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown institution code '" + r.institution + "'", "institution");
  if (auto s = check_date_horizon(r.paid_on, settings_, "paid_on", "a payout"); !s) return s.error();
  if (auto s = check_month_open(db_, r.paid_on); !s) return s.error();
  const std::int64_t balance = payable_of(db_, r.institution);
  if (r.amount_minor > balance) {
    return make_error(ErrorKind::kRefused, "over_balance", "payout of " + jpy_text(r.amount_minor) + " to " + r.institution +
                                          " is more than its payable balance of " + jpy_text(balance),
                      "amount");
  }
  auto entry_id = post_journal_entry(db_, payout_entry(r));
  if (!entry_id) return entry_id.error();
  insert_payout(db_, NewPayout{r.reference, *inst, r.paid_on, r.amount_minor, entry_id.value()});
  // The balance after it without summing the payable's history: the
  // running balance read above (under the money tables' lock) less it.
  auto view = find_payout(db_, r.reference, balance - r.amount_minor);
  JsonWriter w;
  w.begin_object().field("reference", r.reference).field("institution", r.institution)
      .field("paid_on", r.paid_on.to_string()).field("currency", "JPY").field("amount", r.amount_minor)
      .field("balance_after", view->balance_after_minor).end_object();
  record_change(db_, actor_, "payout.record", "payout", r.reference, w.take());
  tx.commit();
  return PayoutOutcome{std::move(*view), true};
}

Result<PayoutOutcome> PaymentService::reverse_payout(const ReversalRequest& r) {
  return reverse_one<PayoutOutcome>(
      db_, actor_, r, "payout", "was paid",
      [](Database& db, const std::string& reference) { return find_payout(db, reference); },
      [](const PayoutView& v) { return v.paid_on; },
      [](const PayoutView&) { return std::string("JPY"); });
}

Result<PayoutView> PaymentService::show_payout(const std::string& reference) {
  ReadSnapshot snapshot(db_);
  auto v = find_payout(db_, reference);
  if (!v) return make_error(ErrorKind::kNotFound, "unknown_payout", "unknown payout reference '" + reference + "'", "reference");
  return std::move(*v);
}

Result<Page<PayableBalance>> PaymentService::list_payables(const std::string& institution,
                                                           const PageRequest& page) {
  ReadSnapshot snapshot(db_);
  if (!page.after.empty() && !find_institution_id(db_, page.after)) return unknown_after("institution", page.after);
  return payable_balances(db_, institution, page);
}

std::vector<PayableBalance> PaymentService::payables() {
  ReadSnapshot snapshot(db_);
  return all_pages<PayableBalance>([&](const PageRequest& page) { return payable_balances(db_, "", page); });
}

Result<std::int64_t> PaymentService::payable_balance(const std::string& institution) {
  ReadSnapshot snapshot(db_);
  if (!find_institution_id(db_, institution)) {
    return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown institution code '" + institution + "'", "institution");
  }
  return payable_of(db_, institution);
}

}  // namespace chizai
