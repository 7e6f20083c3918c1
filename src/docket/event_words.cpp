#include "docket/event_words.h"

#include <algorithm>

namespace chizai::docket {

const std::vector<OfficeActionType>& office_action_types() {
  static const std::vector<OfficeActionType> types{
      {"jp_reasons_for_refusal", "JP", "JP notice of reasons for refusal (拒絶理由通知)", false},
      {"jp_final_reasons_for_refusal", "JP", "JP final notice of reasons for refusal (最後の拒絶理由通知)", false},
      {"jp_decision_of_refusal", "JP", "JP decision of refusal (拒絶査定)", false},
      {"us_non_final", "US", "US non-final rejection", false},
      {"us_final", "US", "US final rejection", false},
      {"us_restriction", "US", "US restriction requirement", false},
      {"us_advisory", "US", "US advisory action", false},
      {"ep_communication", "EP", "EP communication under Art. 94(3) EPC", true},
      {"ep_rule_71_3", "EP", "EP communication under Rule 71(3) EPC", true},
      {"ep_search_opinion", "EP", "EP extended search report with opinion", true},
      {"cn_office_action", "CN", "CN office action (审查意见通知书)", false},
  };
  return types;
}

const OfficeActionType* find_office_action_type(std::string_view word) {
  for (const auto& t : office_action_types()) {
    if (t.word == word) return &t;
  }
  return nullptr;
}

std::string allowed_words_office_action_type(std::string_view office) {
  std::string out;
  for (const auto& t : office_action_types()) {
    if (!office.empty() && t.office != office) continue;
    if (!out.empty()) out += ", ";
    out += t.word;
  }
  return out;
}

const std::vector<std::string_view>& validation_states() {
  // EPC contracting states (39), the extension state BA, validation
  // states (MA, MD, TN, KH, GE, LA), and the Unitary Patent (UP).
  static const std::vector<std::string_view> states{
      "AL", "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR", "HR",
      "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "ME", "MK", "MT", "NL", "NO", "PL", "PT",
      "RO", "RS", "SE", "SI", "SK", "SM", "TR", "BA", "MA", "MD", "TN", "KH", "GE", "LA", "UP"};
  return states;
}

bool is_validation_state(std::string_view code) {
  const auto& s = validation_states();
  return std::find(s.begin(), s.end(), code) != s.end();
}

std::string allowed_words_validation_state() {
  std::string out;
  for (const auto& s : validation_states()) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

}  // namespace chizai::docket
