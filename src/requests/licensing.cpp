#include "requests/licensing.h"

#include "core/money.h"

namespace chizai::requests {
namespace {

std::string indexed(const char* key, std::size_t i) { return std::string(key) + "[" + std::to_string(i) + "]"; }

// Each object of list `key`, read by `spec` with `read` (its path names the
// item: "royalty_tiers[1].rate_bps").
template <class T, class Read>
std::vector<T> read_items(const std::vector<element>& items, const char* key, const RequestSpec& spec, Read read) {
  std::vector<T> out;
  for (std::size_t i = 0; i < items.size(); ++i) out.push_back(read(SpecFields(items[i], spec, indexed(key, i))));
  return out;
}

const RequestSpec& tier_spec() {
  static const RequestSpec spec{
      "RoyaltyTier",
      "One band of the royalty on a contract year's cumulative net sales",
      {
          {"up_to", FieldType::kAmount, false,
           "The band's upper bound of cumulative net sales, in the agreement's currency; omitted for the last band",
           "100,000,000"},
          {"rate_bps", FieldType::kInteger, true, "The rate in basis points (300 = 3%)", "300"},
      }};
  return spec;
}

const RequestSpec& agreement_milestone_spec() {
  static const RequestSpec spec{
      "AgreementMilestone",
      "A milestone payment the licensee owes when it is reached",
      {
          {"name", FieldType::kText, true, "The milestone's name, unique in the agreement", "first_commercial_sale"},
          {"amount", FieldType::kAmount, true, "A decimal string in the agreement's currency", "5,000,000"},
      }};
  return spec;
}

const RequestSpec& report_line_spec() {
  static const RequestSpec spec{
      "ReportLine",
      "Net sales of one product in one country",
      {
          {"territory", FieldType::kText, true, "ISO 3166 country code, in the agreement's territory", "JP"},
          {"product", FieldType::kText, true, "The product as the licensee names it", "Sensor module A-100"},
          {"net_sales", FieldType::kAmount, true, "A decimal string in the agreement's currency", "12,500,000"},
      }};
  return spec;
}

}  // namespace

const RequestSpec& agreement_spec() {
  static const RequestSpec spec{
      "AgreementRequest",
      "A licence agreement (the agreement file). Amounts are decimal strings in `currency`; the upfront "
      "fee is invoiced on the start date.",
      {
          {"id", FieldType::kText, true, "The agreement's reference: unique", "LA-2026-001"},
          {"licensee", FieldType::kText, true, "The licensee company's institution code", "C-0012"},
          {"package", FieldType::kText, false, "The licensed package's code (or `patents`)", "PKG-002"},
          {"patents", FieldType::kTextList, false, "The licensed application numbers (or `package`)", ""},
          {"exclusive", FieldType::kBoolean, true, "Whether the licence is exclusive in its field and territory",
           "false"},
          {"field", FieldType::kText, true,
           "The field of use: a name of the fields-of-use vocabulary (config/fields_of_use.txt)",
           "automotive sensors"},
          {"reserved_fields", FieldType::kTextList, false,
           "Exclusive licences only: fields inside `field` the licensor keeps (rights reserved), where other "
           "licences may be granted",
           "automotive traction batteries"},
          {"territory", FieldType::kTextList, true, "ISO 3166 country codes", "JP|US"},
          {"start", FieldType::kDate, true, "The first day of the term", "2026-04-01"},
          {"end", FieldType::kDate, true, "The last day of the term", "2031-03-31"},
          {"currency", FieldType::kText, true, "ISO 4217 code of every amount of the agreement", "JPY"},
          {"upfront_fee", FieldType::kAmount, false, "Invoiced on the start date; 0 when omitted", "3,000,000"},
          {"royalty_tiers", FieldType::kObjectList, true, "The royalty bands, lowest first", "", &tier_spec()},
          {"minimum_annual_royalty", FieldType::kAmount, false,
           "Owed per contract year (trued up at the year's close); 0 when omitted", "1,000,000"},
          {"minimum_pro_rata", FieldType::kBoolean, false,
           "Whether a short last contract year owes the minimum pro rata by days (true, the default) or in full",
           "true"},
          {"payment_terms_days", FieldType::kInteger, false,
           "Days from an invoice's date to its due date (0..365); the configuration's "
           "licensing.payment_terms_days (30) when omitted",
           "30"},
          {"reporting_period", FieldType::kText, false,
           "How often the licensee reports: quarterly, semiannual or annual from `start`, or none (the default: "
           "no report is expected, none is listed as late)",
           "quarterly"},
          {"reporting_days", FieldType::kInteger, false,
           "Days after a reporting period's last day by which its report is due (0..365); the configuration's "
           "licensing.reporting_days (30) when omitted",
           "45"},
          {"milestones", FieldType::kObjectList, false, "Milestone payments", "", &agreement_milestone_spec()},
          {"sublicense_share_bps", FieldType::kInteger, false,
           "The share of sublicence income owed, in basis points; 0 when omitted", "2000"},
          {"policy", FieldType::kText, false, "The distribution policy's name; `default` when omitted", "default"},
      }};
  return spec;
}

AgreementTerms read_agreement(const SpecFields& f) {
  AgreementTerms t;
  t.currency = f.text("currency");
  auto currency = Currency::of(t.currency);
  if (!currency) throw FileError{currency.error().message, "currency"};
  t.reference = f.text("id");
  t.licensee = f.text("licensee");
  t.package = f.text_or("package", "");
  t.patents = f.optional_texts("patents");
  t.exclusive = f.boolean("exclusive");
  t.field = f.text("field");
  t.reserved_fields = f.optional_texts("reserved_fields");
  t.territory = f.texts("territory");
  t.start = f.date("start");
  t.end = f.date("end");
  t.upfront_minor = f.amount_or("upfront_fee", *currency, "0");
  t.tiers = read_items<RoyaltyTier>(f.object_list("royalty_tiers"), "royalty_tiers", tier_spec(), [&](const SpecFields& b) {
    RoyaltyTier tier;
    if (b.has("up_to")) tier.up_to_minor = b.amount_or("up_to", *currency, "0");
    tier.rate_bps = b.integer("rate_bps");
    return tier;
  });
  t.minimum_annual_minor = f.amount_or("minimum_annual_royalty", *currency, "0");
  t.minimum_pro_rata = f.flag_or("minimum_pro_rata", true);
  t.payment_terms_days = f.optional_integer("payment_terms_days");
  t.reporting_period = f.text_or("reporting_period", "none");
  t.reporting_days = f.optional_integer("reporting_days");
  t.milestones = read_items<Milestone>(f.optional_objects("milestones"), "milestones", agreement_milestone_spec(),
                                       [&](const SpecFields& m) {
                                         return Milestone{m.text("name"), m.amount("amount", *currency)};
                                       });
  t.sublicense_share_bps = f.optional_integer("sublicense_share_bps").value_or(0);
  t.policy = f.text_or("policy", "default");
  return t;
}

const RequestSpec& report_spec() {
  static const RequestSpec spec{
      "ReportRequest",
      "A licensee royalty report (the report file), or a correction of one (`corrects`). Amounts are "
      "decimal strings in the agreement's currency.",
      {
          {"agreement", FieldType::kText, true, "The agreement's reference", "LA-2026-001"},
          {"period_start", FieldType::kDate, true, "The first day the report covers", "2026-04-01"},
          {"period_end", FieldType::kDate, true, "The last day it covers (in the same contract year)", "2026-06-30"},
          {"lines", FieldType::kObjectList, true, "Net sales by country and product", "", &report_line_spec()},
          {"sublicense_income", FieldType::kAmount, false, "Sublicence income of the period; 0 when omitted",
           "0"},
          {"corrects", FieldType::kInteger, false, "The id of the report this one corrects", ""},
      }};
  return spec;
}

ReportFile read_report(const SpecFields& f) {
  ReportFile r;
  r.agreement = f.text("agreement");
  r.period_start = f.date("period_start");
  r.period_end = f.date("period_end");
  r.lines = read_items<ReportFileLine>(f.object_list("lines"), "lines", report_line_spec(), [](const SpecFields& l) {
    return ReportFileLine{l.text("territory"), l.text("product"), l.amount_text("net_sales")};
  });
  r.sublicense_income = f.amount_text_or("sublicense_income", "0");
  if (auto c = f.optional_integer("corrects")) r.corrects = *c;
  return r;
}

const RequestSpec& milestone_spec() {
  static const RequestSpec spec{
      "MilestoneRequest",
      "A milestone of the agreement was reached: it is invoiced on that day",
      {
          {"name", FieldType::kText, true, "The milestone's name, as in the agreement", "first_commercial_sale"},
          {"reached_on", FieldType::kDate, true, "The day it was reached (on or after the start)", "2026-09-15"},
      }};
  return spec;
}

MilestoneReach read_milestone(const SpecFields& f) {
  MilestoneReach m;
  m.name = f.text("name");
  m.reached_on = f.date("reached_on");
  return m;
}

Result<AgreementView> add_agreement_text(LicensingService& service, const std::string& json) {
  auto terms = read_file_text(json, "agreement file", agreement_spec(), read_agreement);
  if (!terms) return terms.error();
  return service.add_agreement(*terms, json);
}

Result<ReportFile> report_from_text(std::string_view json) {
  return read_file_text(json, "report file", report_spec(), read_report);
}

Result<ReportOutcome> add_report_text(LicensingService& service, const std::string& json) {
  auto report = report_from_text(json);
  if (!report) return report.error();
  return service.add_report(*report);
}

}  // namespace chizai::requests
