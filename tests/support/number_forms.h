// The number table of issue 22, section 3: tests/data/numbers/forms.tsv
// (every application-number form of the samples, with its canonical form).
#pragma once

#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace chizai::testing {

struct NumberForm {
  std::string form, hint;
  std::optional<int> year;
  std::string canonical;   // "" when refused
  std::string error_code;  // the refusal's code, or ""
  bool found_alone = false;  // a look-up by the form alone finds it
  std::string source;
};

inline std::vector<NumberForm> number_forms() {
  const std::string path = std::string(CHIZAI_SOURCE_DIR) + "/tests/data/numbers/forms.tsv";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<NumberForm> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells;
    std::stringstream s(line);
    for (std::string cell; std::getline(s, cell, '\t');) cells.push_back(cell);
    if (cells.size() != 6) throw std::runtime_error("forms.tsv: 6 columns expected in: " + line);
    NumberForm f;
    f.form = cells[0];
    f.hint = cells[1];
    if (!cells[2].empty()) f.year = std::stoi(cells[2]);
    if (cells[3].starts_with("!")) {
      f.error_code = cells[3].substr(1);
    } else {
      f.canonical = cells[3];
    }
    f.found_alone = cells[4] == "yes";
    f.source = cells[5];
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace chizai::testing
