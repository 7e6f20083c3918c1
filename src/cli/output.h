// Rendering rows for people (aligned table) and programs (CSV); JSON is
// written with JsonWriter.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace chizai::cli {

using Row = std::vector<std::string>;

// Columns padded to the widest cell; East Asian wide characters count two.
void print_table(std::ostream& out, const Row& header, const std::vector<Row>& rows);
// RFC 4180 CSV with a header row (io/csv.h).
void print_csv(std::ostream& out, const Row& header, const std::vector<Row>& rows);
// Terminal columns taken by UTF-8 text.
std::size_t display_width(const std::string& s);

}  // namespace chizai::cli
