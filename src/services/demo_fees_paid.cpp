#include "services/demo_fees_paid.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/money.h"
#include "io/json_writer.h"
#include "store/docket_facts_store.h"
#include "store/docket_store.h"

namespace chizai {
namespace {

// FNV-1a, 64 bits: a stable hash of the text on every platform.
std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (char c : text) {
    h ^= static_cast<std::uint64_t>(static_cast<unsigned char>(c));
    h *= 1099511628211ULL;
  }
  return h;
}

bool fee_kind(const std::string& kind) {
  return kind == "annual_fee" || kind == "maintenance_fee" || kind == "renewal_fee";
}

// The day the application ended by a lapse or abandonment event, if any.
std::optional<Date> ended_on(const docket::Application& app) {
  std::optional<Date> out;
  for (const docket::Event& e : app.events) {
    if (e.kind != docket::EventKind::kLapse && e.kind != docket::EventKind::kAbandonment) continue;
    if (!out || e.date < *out) out = e.date;
  }
  return out;
}

}  // namespace

DemoFeesPaid write_demo_fees_paid(Database& db, Date through, std::ostream& out) {
  DemoFeesPaid summary;
  DocketFactsStore facts(db);
  DocketStore store(db);
  long long after = 0;
  for (;;) {
    const std::vector<docket::Application> apps = facts.load_batch(after, 500);
    if (apps.empty()) break;
    after = apps.back().patent_id;
    for (const docket::Application& app : apps) {
      std::vector<StoredDocketTask> fees;
      for (StoredDocketTask& t : store.tasks_of(app.patent_id)) {
        // (A fee task without a fee: the rule book's tables do not reach back
        // to it; it is recorded done without an amount.)
        if (t.state != "open" || t.task.performed_on) continue;
        if (!fee_kind(t.task.kind) || through < t.task.due) continue;
        fees.push_back(std::move(t));
      }
      std::stable_sort(fees.begin(), fees.end(),
                       [](const StoredDocketTask& a, const StoredDocketTask& b) { return a.task.due < b.task.due; });
      std::size_t paid = fees.size();
      const std::optional<Date> ended = ended_on(app);
      if (ended) {
        // Let go: nothing due within the year before it ended was paid.
        const Date stop = ended->add_months(-12);
        paid = static_cast<std::size_t>(
            std::find_if(fees.begin(), fees.end(), [&](const StoredDocketTask& t) { return !(t.task.due < stop); }) -
            fees.begin());
        if (paid < fees.size()) ++summary.let_go;
      } else if (!fees.empty() && fnv1a(app.number) % 25 == 0) {
        paid = fees.size() - 1;  // the latest fee deliberately left unpaid
        ++summary.unpaid;
      }
      for (std::size_t i = 0; i < paid; ++i) {
        const StoredDocketTask& t = fees[i];
        const int before = 7 + static_cast<int>(fnv1a(app.number + "/" + t.task.key) % 50);
        Date day = t.task.due.add_days(-before);
        if (t.task.window_start && day < *t.task.window_start) day = *t.task.window_start;
        if (through < day) day = through;
        JsonWriter w;
        w.begin_object().field("number", app.number).field("task", t.task.key).field("date", day.to_string());
        if (t.task.fee) {
          w.field("fee", Money(t.task.fee->amount, Currency::of(t.task.fee->currency).value()).to_string())
              .field("currency", t.task.fee->currency);
        }
        w.field("reference", "DEMO-" + std::to_string(summary.rows + 1)).end_object();
        out << w.take() << '\n';
        ++summary.rows;
      }
      if (paid > 0) ++summary.patents;
    }
  }
  return summary;
}

}  // namespace chizai
