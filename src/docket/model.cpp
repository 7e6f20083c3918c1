#include "docket/model.h"

#include <array>
#include <utility>

namespace chizai::docket {
namespace {

constexpr std::array<std::pair<EventKind, const char*>, 14> kEventWords{{
    {EventKind::kInternationalFiling, "international_filing"},
    {EventKind::kNationalPhaseEntry, "national_phase_entry"},
    {EventKind::kExaminationRequest, "examination_request"},
    {EventKind::kAllowance, "allowance"},
    {EventKind::kPublication, "publication"},
    {EventKind::kGrant, "grant"},
    {EventKind::kValidation, "validation"},
    {EventKind::kEntityStatus, "entity_status"},
    {EventKind::kTermAdjustment, "term_adjustment"},
    {EventKind::kOfficeAction, "office_action"},
    {EventKind::kOfficeActionResponse, "office_action_response"},
    {EventKind::kLapse, "lapse"},
    {EventKind::kAbandonment, "abandonment"},
    {EventKind::kExpiry, "expiry"},
}};

constexpr std::array<std::pair<EntityStatus, const char*>, 3> kEntityWords{{
    {EntityStatus::kLarge, "large"},
    {EntityStatus::kSmall, "small"},
    {EntityStatus::kMicro, "micro"},
}};

constexpr std::array<std::pair<TaskStatus, const char*>, 6> kStatusWords{{
    {TaskStatus::kOpen, "open"},
    {TaskStatus::kDone, "done"},
    {TaskStatus::kWaived, "waived"},
    {TaskStatus::kMissed, "missed"},
    {TaskStatus::kExpires, "expires"},
    {TaskStatus::kExpired, "expired"},
}};

template <class E, std::size_t N>
const char* word_of(const std::array<std::pair<E, const char*>, N>& table, E v) {
  for (const auto& [e, w] : table) {
    if (e == v) return w;
  }
  return "?";
}

template <class E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, const char*>, N>& table,
                          std::string_view s) {
  for (const auto& [e, w] : table) {
    if (s == w) return e;
  }
  return std::nullopt;
}

}  // namespace

const char* to_string(EventKind k) { return word_of(kEventWords, k); }
std::optional<EventKind> parse_event_kind(std::string_view s) { return value_of(kEventWords, s); }
std::string allowed_words_event_kind() {
  std::string out;
  for (const auto& [e, w] : kEventWords) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

const char* to_string(EntityStatus s) { return word_of(kEntityWords, s); }
std::optional<EntityStatus> parse_entity_status(std::string_view s) {
  return value_of(kEntityWords, s);
}

const char* to_string(TaskStatus s) { return word_of(kStatusWords, s); }
std::optional<TaskStatus> parse_task_status(std::string_view s) {
  return value_of(kStatusWords, s);
}

const std::vector<std::string>& informational_task_kinds() {
  static const std::vector<std::string> kinds{"expiry"};
  return kinds;
}

bool waive_ends_application(std::string_view kind) {
  return kind != "paris_priority" && kind != "national_phase" && !informational_task_kind(kind);
}

bool informational_task_kind(std::string_view kind) {
  for (const std::string& k : informational_task_kinds()) {
    if (k == kind) return true;
  }
  return false;
}

}  // namespace chizai::docket
