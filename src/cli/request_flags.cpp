#include "cli/request_flags.h"

#include <CLI/CLI.hpp>
#include <simdjson.h>

#include <functional>

#include "cli/context.h"
#include "core/text.h"
#include "io/json_writer.h"

namespace chizai::cli {
namespace {

// field → flag of the command that is running (a process runs one command).
std::map<std::string, std::string>& field_flags() {
  static std::map<std::string, std::string> flags;
  return flags;
}

bool scalar(FieldType t) { return t != FieldType::kObject && t != FieldType::kObjectList; }

// "'received_on' must be …" → "--received-on: must be …" for a top-level
// field; a nested path stays as the reader wrote it.
std::string flag_message(const FileError& e) {
  const std::string flag = flag_for_field(e.field);
  const std::string quoted = "'" + e.field + "' ";
  if (!flag.empty() && e.message.rfind(quoted, 0) == 0) return flag + ": " + e.message.substr(quoted.size());
  return e.message;
}

}  // namespace

std::string flag_for_field(const std::string& field) {
  auto it = field_flags().find(field);
  return it == field_flags().end() ? "" : it->second;
}

RequestFlags::RequestFlags(CLI::App* cmd, const RequestSpec& spec, std::set<std::string> apart)
    : spec_(&spec),
      values_(std::make_shared<std::map<std::string, std::string>>()),
      lists_(std::make_shared<std::map<std::string, std::vector<std::string>>>()),
      switches_(std::make_shared<std::map<std::string, bool>>()) {
  for (const FieldSpec& f : spec.fields) {
    const std::string name(f.name);
    if (apart.count(name) || !scalar(f.type)) continue;
    const std::string flag = flag_of(f.name);
    flagged_.insert(name);
    std::string help(f.description);
    if (f.type == FieldType::kWord) {
      help += " (";
      for (std::size_t i = 0; i < f.words.size(); ++i) help += (i ? ", " : "") + std::string(f.words[i]);
      help += ")";
    }
    if (f.type == FieldType::kBoolean) {
      cmd->add_flag(flag, (*switches_)[name], help);
      continue;
    }
    auto* opt = f.type == FieldType::kTextList ? cmd->add_option(flag, (*lists_)[name], help)
                                               : cmd->add_option(flag, (*values_)[name], help);
    if (f.required) opt->required();
  }
}

void RequestFlags::set(const std::string& field, const std::string& value) { (*values_)[field] = value; }

void RequestFlags::set_json(const std::string& field, const std::string& json) { raw_json_[field] = json; }

std::string RequestFlags::json() const {
  JsonWriter w;
  w.begin_object();
  for (const FieldSpec& f : spec_->fields) {
    const std::string name(f.name);
    if (auto raw = raw_json_.find(name); raw != raw_json_.end()) {
      w.key(name);
      w.raw(raw->second);
      continue;
    }
    if (f.type == FieldType::kBoolean) {
      if (auto s = switches_->find(name); s != switches_->end() && s->second) w.field(name, true);
      continue;
    }
    if (f.type == FieldType::kTextList) {
      auto l = lists_->find(name);
      if (l == lists_->end() || l->second.empty()) continue;
      w.key(name).begin_array();
      for (const std::string& item : l->second) {
        for (std::string_view piece : split(item, ',')) {
          if (!trim(piece).empty()) w.value(trim(piece));
        }
      }
      w.end_array();
      continue;
    }
    auto v = values_->find(name);
    if (v == values_->end() || v->second.empty()) continue;
    if (f.type == FieldType::kInteger) {
      auto n = parse_int64(trim(v->second));
      if (!n) throw Failure(kUsage, flag_of(f.name) + ": must be an integer, not '" + v->second + "'");
      w.field(name, *n);
    } else {
      w.field(name, v->second);
    }
  }
  w.end_object();
  return w.take();
}

void RequestFlags::with_fields(const std::function<void(const SpecFields&)>& use) const {
  for (const std::string& field : flagged_) field_flags()[field] = flag_of(field);
  simdjson::dom::parser parser;
  const std::string text = json();
  simdjson::dom::element root;
  if (parser.parse(text).get(root) != simdjson::SUCCESS) throw Failure(kSoftware, "flags did not make JSON");
  try {
    use(SpecFields(root, *spec_));
  } catch (const FileError& e) {
    throw Failure(kUsage, flag_message(e));
  }
}

}  // namespace chizai::cli
