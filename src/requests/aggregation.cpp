#include "requests/aggregation.h"

#include <climits>

#include "core/date.h"

namespace chizai::requests {
namespace {

int score(const SpecFields& f, const char* key) {
  const std::int64_t v = f.integer(key);
  if (v < INT_MIN || v > INT_MAX) file_error(f.name(key), "must be a score from 1 to 5");
  return static_cast<int>(v);
}

}  // namespace

const RequestSpec& evaluation_spec() {
  static const RequestSpec spec{
      "EvaluationRequest",
      "An evaluation of a candidate patent: approve or decline, with three scores. Every evaluation is kept.",
      {
          {"date", FieldType::kDate, false, "The day of the evaluation (default today)", "2026-04-01"},
          {"technology", FieldType::kInteger, true, "Technology score, 1 to 5", "4"},
          {"market", FieldType::kInteger, true, "Market score, 1 to 5", "3"},
          {"rights", FieldType::kInteger, true, "Strength of rights, 1 to 5", "4"},
          {"evaluator", FieldType::kText, true, "Who evaluated", "Sato"},
          {"decision", FieldType::kWord, true, "approve or decline", "approve", nullptr, {"approve", "decline"}},
          {"reason", FieldType::kText, true, "Why (kept with declined candidates too)", "strong claims, two licensees interested"},
      }};
  return spec;
}

Evaluation read_evaluation(const SpecFields& f) {
  Evaluation e;
  e.date = f.optional_date("date").value_or(today_local());
  e.technology = score(f, "technology");
  e.market = score(f, "market");
  e.rights = score(f, "rights");
  e.evaluator = f.text("evaluator");
  e.decision = f.word("decision", parse_evaluation_decision);
  e.reason = f.text("reason");
  return e;
}

const RequestSpec& consent_spec() {
  static const RequestSpec spec{
      "ConsentRequest",
      "A co-owner's consent to assignment or licensing of a patent (JP Patent Act art. 73). The same consent "
      "again changes nothing (200).",
      {
          {"institution", FieldType::kText, true, "The consenting owner's code", "U-TOKYO"},
          {"scope", FieldType::kWord, true, "assignment or licensing", "assignment", nullptr,
           {"assignment", "licensing"}},
          {"date", FieldType::kDate, true, "The day of the consent", "2026-03-15"},
      }};
  return spec;
}

Consent read_consent(const SpecFields& f) {
  return Consent{f.text("institution"), f.word("scope", parse_consent_scope), f.date("date")};
}

const RequestSpec& aggregation_spec() {
  static const RequestSpec spec{
      "AggregationRequest",
      "Brings a registered patent under the aggregator, by assignment or by mandate.",
      {
          {"mode", FieldType::kWord, true, "assignment or mandate", "mandate", nullptr, {"assignment", "mandate"}},
          {"date", FieldType::kDate, true, "The first day under the aggregator (not before filing)", "2026-04-01"},
          {"reason", FieldType::kText, true, "Why it is aggregated", "core of the battery package"},
      }};
  return spec;
}

AggregationRequest read_aggregation(const SpecFields& f) {
  return AggregationRequest{f.word("mode", parse_aggregation_mode), f.date("date"), f.text("reason")};
}

}  // namespace chizai::requests
