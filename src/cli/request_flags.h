// A request's fields as command-line flags: one flag per scalar field of its
// RequestSpec, named after the field (--received-on for received_on), with
// the spec's description as help. The values given become the JSON object
// the request's one reader takes (src/requests/), so a command reads a
// request exactly as the API and the scheme loader do; a value the reader
// refuses is a usage failure (exit 64) naming the flag.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <functional>
#include <vector>

#include "io/request_spec.h"

namespace CLI {
class App;
}

namespace chizai::cli {

class RequestFlags {
 public:
  // Adds a flag to `cmd` for every scalar field of `spec` but those in
  // `apart` (fields the command takes otherwise: a positional argument,
  // a file); a required field's flag is required. Text lists take
  // repeated flags and "A,B". Object fields get no flag.
  RequestFlags(CLI::App* cmd, const RequestSpec& spec, std::set<std::string> apart = {});

  // Sets a field the command took otherwise (e.g. its positional argument).
  void set(const std::string& field, const std::string& value);
  // Sets an object or list-of-objects field from JSON text (e.g. a file's).
  void set_json(const std::string& field, const std::string& json);

  // Reads the request with `reader`. A value the reader refuses is a usage
  // failure naming the flag; afterwards a service's error naming one of
  // these fields names the flag too (context.h, fail()).
  template <class T>
  T read(T (*reader)(const SpecFields&)) const {
    T out{};
    with_fields([&](const SpecFields& f) { out = reader(f); });
    return out;
  }

  // The JSON object of the values given (types from the spec).
  std::string json() const;

 private:
  void with_fields(const std::function<void(const SpecFields&)>& use) const;
  const RequestSpec* spec_;
  // One slot per flag, owned here so CLI11 can write into them.
  std::shared_ptr<std::map<std::string, std::string>> values_;
  std::shared_ptr<std::map<std::string, std::vector<std::string>>> lists_;
  std::shared_ptr<std::map<std::string, bool>> switches_;
  std::map<std::string, std::string> raw_json_;
  std::set<std::string> flagged_;  // the fields that have a flag (not those taken apart)
};

// The flag that carries `field` in the command now running, or "" (for
// messages: a service error naming `fx_rate` shows --fx-rate).
std::string flag_for_field(const std::string& field);

}  // namespace chizai::cli
