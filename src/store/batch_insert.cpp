#include "store/batch_insert.h"

#include <soci/soci.h>

#include <algorithm>

namespace chizai {

struct BatchInsert::Prepared {
  std::vector<soci::indicator> indicators;
  std::unique_ptr<soci::statement> statement;
};

BatchInsert::BatchInsert(soci::session& sql, std::string table, std::vector<Column> columns,
                         std::size_t batch_rows)
    : sql_(sql), table_(std::move(table)), columns_(std::move(columns)), batch_rows_(batch_rows),
      bound_(batch_rows * columns_.size()) {}

BatchInsert::~BatchInsert() = default;

BatchInsert::Cell* BatchInsert::add_row() {
  pending_.resize(pending_.size() + columns_.size());
  return &pending_[pending_.size() - columns_.size()];
}

std::unique_ptr<BatchInsert::Prepared> BatchInsert::prepare(std::size_t rows) {
  std::string text = "INSERT INTO " + table_ + " (";
  for (std::size_t c = 0; c < columns_.size(); ++c) text += (c ? ", " : "") + columns_[c].name;
  text += ") VALUES ";
  for (std::size_t r = 0; r < rows; ++r) {
    text += r ? ", (" : "(";
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      text += (c ? ", :v" : ":v") + std::to_string(r * columns_.size() + c);
    }
    text += ")";
  }
  auto p = std::make_unique<Prepared>();
  // Indicators are bound by reference: size them before binding.
  p->indicators.resize(rows * columns_.size());
  soci::details::prepare_temp_type prep = (sql_.prepare << text);
  for (std::size_t i = 0; i < rows * columns_.size(); ++i) {
    Cell& cell = bound_[i];
    if (columns_[i % columns_.size()].type == Type::kInteger) {
      prep, soci::use(cell.integer, p->indicators[i]);
    } else {
      prep, soci::use(cell.text, p->indicators[i]);
    }
  }
  p->statement = std::make_unique<soci::statement>(prep);
  return p;
}

void BatchInsert::flush() {
  const std::size_t cols = columns_.size();
  std::size_t done = 0;
  while (done < pending_rows()) {
    const std::size_t rows = std::min(batch_rows_, pending_rows() - done);
    std::unique_ptr<Prepared> tail;
    Prepared* p = nullptr;
    if (rows == batch_rows_) {
      if (!full_) full_ = prepare(batch_rows_);
      p = full_.get();
    } else {
      tail = prepare(rows);
      p = tail.get();
    }
    for (std::size_t i = 0; i < rows * cols; ++i) {
      Cell& from = pending_[done * cols + i];
      p->indicators[i] = from.indicator == 0 ? soci::i_ok : soci::i_null;
      bound_[i].text.swap(from.text);
      bound_[i].integer = from.integer;
    }
    p->statement->execute(true);
    done += rows;
  }
  pending_.clear();
}

}  // namespace chizai
