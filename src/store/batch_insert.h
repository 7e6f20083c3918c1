// Multi-row INSERT in batches: one statement (and, on PostgreSQL, one round
// trip) per `batch_rows` rows instead of one per row. SOCI 4.0's bulk
// binding still executes row by row on PostgreSQL, hence this.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace soci {
class session;
class statement;
}  // namespace soci

namespace chizai {

class BatchInsert {
 public:
  enum class Type { kText, kInteger };
  struct Column {
    std::string name;
    Type type;
  };
  // One value to insert; unset (the default) is NULL.
  struct Cell {
    std::string text;
    long long integer = 0;
    int indicator = 1;  // 0 = value, 1 = NULL (mapped to soci::indicator)

    void set(std::string v) { text = std::move(v); indicator = 0; }
    void set(long long v) { integer = v; indicator = 0; }
    void set_text_or_null(const std::string& v) {
      text = v;
      indicator = v.empty() ? 1 : 0;
    }
  };

  BatchInsert(soci::session& sql, std::string table, std::vector<Column> columns,
              std::size_t batch_rows = 200);
  ~BatchInsert();
  BatchInsert(const BatchInsert&) = delete;
  BatchInsert& operator=(const BatchInsert&) = delete;

  // Returns the cells of a new buffered row (one per column, all NULL).
  // The pointer is valid until the next add_row() or flush().
  Cell* add_row();
  std::size_t pending_rows() const { return pending_.size() / columns_.size(); }
  // Inserts the buffered rows, batch_rows at a time.
  void flush();

 private:
  struct Prepared;
  std::unique_ptr<Prepared> prepare(std::size_t rows);
  soci::session& sql_;
  std::string table_;
  std::vector<Column> columns_;
  std::size_t batch_rows_;
  std::vector<Cell> pending_;  // rows waiting for flush()
  std::vector<Cell> bound_;    // batch_rows_ * columns: what the statements bind
  std::unique_ptr<Prepared> full_;  // the statement for a full batch
};

}  // namespace chizai
