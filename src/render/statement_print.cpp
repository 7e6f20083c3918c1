#include "render/statement_print.h"

#include <vector>

#include "core/money.h"
#include "io/csv.h"

namespace chizai {
namespace {

// ---- rendering helpers ----

int exponent_of(std::string_view currency) {
  auto c = Currency::of(currency);
  return c ? c->exponent() : 0;
}

std::string amount_text(std::int64_t minor, std::string_view currency) {
  return group_thousands(minor, exponent_of(currency));
}

struct IncomeTypeLabel {
  const char* type;
  const char* ja;
};
constexpr IncomeTypeLabel kIncomeTypes[] = {
    {"upfront", "一時金"},
    {"running_royalty", "ランニングロイヤルティ"},
    {"minimum_true_up", "最低実施料調整"},
    {"milestone", "マイルストーン"},
    {"sublicense", "サブライセンス収入"},
    {"non_working_compensation", "不実施補償"},
    {"option_fee", "オプション料"},
};

std::string income_type_label(const std::string& type) {
  for (const auto& t : kIncomeTypes) {
    if (type == t.type) return std::string(t.ja) + " / " + type;
  }
  return type;
}

std::string sha_label(const Statement& s, std::string_view sha256) {
  return s.provisional ? std::string("provisional") : std::string(sha256);
}

}  // namespace

// ---- text helpers ----

std::string group_thousands(std::int64_t minor, int exponent) {
  const bool negative = minor < 0;
  std::uint64_t magnitude = negative ? 0u - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
  std::uint64_t scale = 1;
  for (int i = 0; i < exponent; ++i) scale *= 10;
  const std::string whole = std::to_string(magnitude / scale);
  std::string out = negative ? "-" : "";
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(whole[i]);
  }
  if (exponent > 0) {
    std::string frac = std::to_string(magnitude % scale);
    out += "." + std::string(static_cast<std::size_t>(exponent) - frac.size(), '0') + frac;
  }
  return out;
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// ---- CSV ----

std::string statement_csv(const Statement& s, std::string_view sha256) {
  // Format 3 adds the party column after the currency and the original
  // currency, amount and rate (and a note) after the amount; formats 1 and 2
  // render exactly as they were issued.
  const bool v3 = s.format >= 3;
  std::string out = v3 ? "institution,party,month,currency,status,sha256,kind,date,reference,agreement,licensee,package,"
                         "patent,income_type,share,amount,original_currency,original_amount,fx_rate,note\n"
                       : "institution,month,currency,status,sha256,kind,date,reference,agreement,licensee,package,patent,"
                         "income_type,share,amount\n";
  const std::string status = s.provisional ? "provisional" : "issued";
  const std::string sha = s.provisional ? std::string() : std::string(sha256);
  auto row = [&](std::initializer_list<std::string_view> tail, const StatementLine* line = nullptr) {
    std::vector<std::string> fields = {s.institution};
    if (v3) fields.push_back(s.party);
    for (std::string_view head : {std::string_view(s.month), std::string_view(s.currency), std::string_view(status),
                                  std::string_view(sha)}) {
      fields.emplace_back(head);
    }
    for (std::string_view cell : tail) fields.emplace_back(cell);
    if (v3) {
      const bool foreign = line && !line->original_currency.empty();
      fields.push_back(foreign ? line->original_currency : "");
      fields.push_back(foreign ? amount_text(line->original_amount, line->original_currency) : "");
      fields.push_back(foreign ? line->fx_rate : "");
      fields.push_back(line ? line->note : "");
    }
    out += csv_record(fields) + "\n";
  };
  const std::string month_start = s.month + "-01";
  row({"opening_balance", month_start, "", "", "", "", "", "", "", std::to_string(s.opening_balance)});
  for (const auto& l : s.lines) {
    row({"income", l.date.to_string(), l.payment_reference, l.agreement, l.licensee, l.package, l.patent,
         l.income_type, l.share, std::to_string(l.amount)},
        &l);
  }
  for (const auto& p : s.payouts) {
    row({"payout", p.date.to_string(), p.reference, "", "", "", "", "", "", std::to_string(p.amount)});
  }
  row({"income_total", "", "", "", "", "", "", "", "", std::to_string(s.income_total)});
  row({"payouts_total", "", "", "", "", "", "", "", "", std::to_string(s.payouts_total)});
  row({"closing_balance", "", "", "", "", "", "", "", "", std::to_string(s.closing_balance)});
  return out;
}

// ---- HTML ----

namespace {

const char* kHtmlStyle = R"(<style>
@page { size: A4; margin: 18mm 15mm; }
body { font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", sans-serif; font-size: 10pt; color: #000; }
h1 { font-size: 16pt; margin: 0 0 4mm; }
.provisional { color: #b00; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 3mm 0 6mm; }
th, td { border: 1px solid #888; padding: 1mm 2mm; vertical-align: top; }
th { background: #eee; text-align: left; font-weight: normal; }
td.amount, th.amount { text-align: right; white-space: nowrap; }
table.summary { width: 60%; }
.footer { font-size: 8pt; color: #444; word-break: break-all; }
tr { page-break-inside: avoid; }
</style>
)";

std::string cell(std::string_view text) { return "<td>" + html_escape(text) + "</td>"; }
std::string amount_cell(std::int64_t minor, std::string_view currency) {
  return "<td class=\"amount\">" + html_escape(amount_text(minor, currency)) + "</td>";
}
std::string summary_row(const char* label, std::int64_t minor, std::string_view currency) {
  return std::string("<tr><th>") + label + "</th>" + amount_cell(minor, currency) + "</tr>\n";
}

std::string statement_title(const Statement& s) {
  return s.format >= 3 && s.party == "aggregator" ? "集約機関 収入明細書 / Aggregator's statement"
                                                   : "実施補償金 明細書 / Royalty statement";
}

std::string html_header(const Statement& s) {
  std::string out = "<h1>" + statement_title(s) + "</h1>\n";
  if (s.provisional) {
    out += "<p class=\"provisional\">暫定（未締め） / PROVISIONAL: this month is not closed</p>\n";
  }
  out += "<table class=\"summary\">\n";
  std::string name = s.institution_name_ja;
  if (!s.institution_name_en.empty()) name += (name.empty() ? "" : " / ") + s.institution_name_en;
  out += "<tr><th>機関 / Institution</th>" + cell(s.institution + (name.empty() ? "" : " — " + name)) + "</tr>\n";
  out += "<tr><th>対象月 / Month</th>" + cell(s.month) + "</tr>\n";
  out += "<tr><th>通貨 / Currency</th>" + cell(s.currency) + "</tr>\n";
  out += "</table>\n<table class=\"summary\">\n";
  out += summary_row("期首残高 / Opening balance", s.opening_balance, s.currency);
  out += summary_row("収入 / Income", s.income_total, s.currency);
  out += summary_row("支払 / Payouts", s.payouts_total, s.currency);
  out += summary_row("期末残高 / Closing balance", s.closing_balance, s.currency);
  return out + "</table>\n";
}

std::string html_lines(const Statement& s) {
  const bool v3 = s.format >= 3;
  std::string out =
      "<h2>収入明細 / Income</h2>\n<table>\n<tr><th>日付 / Date</th><th>契約 / Agreement</th>"
      "<th>実施者 / Licensee</th><th>パッケージ / Package</th><th>特許 / Patent</th>"
      "<th>収入種別 / Income type</th><th>入金参照 / Payment reference</th><th>持分 / Share</th>"
      "<th class=\"amount\">金額 / Amount</th>";
  if (v3) {
    out += "<th>原通貨 / Original currency</th><th class=\"amount\">入金原額 / Original amount</th>"
           "<th class=\"amount\">為替レート / FX rate (JPY)</th><th>備考 / Note</th>";
  }
  out += "</tr>\n";
  for (const auto& l : s.lines) {
    out += "<tr>" + cell(l.date.to_string()) + cell(l.agreement) + cell(l.licensee) + cell(l.package) +
           cell(l.patent) + cell(income_type_label(l.income_type)) + cell(l.payment_reference) + cell(l.share) +
           amount_cell(l.amount, s.currency);
    if (v3) {
      const bool foreign = !l.original_currency.empty();
      out += cell(l.original_currency);
      out += foreign ? amount_cell(l.original_amount, l.original_currency) : std::string("<td class=\"amount\"></td>");
      out += "<td class=\"amount\">" + html_escape(l.fx_rate) + "</td>" + cell(l.note);
    }
    out += "</tr>\n";
  }
  if (s.lines.empty()) out += std::string("<tr><td colspan=\"") + (v3 ? "13" : "9") + "\">なし / None</td></tr>\n";
  return out + "</table>\n";
}

std::string html_payouts(const Statement& s) {
  std::string out =
      "<h2>支払明細 / Payouts</h2>\n<table>\n<tr><th>支払日 / Date</th><th>参照 / Reference</th>"
      "<th class=\"amount\">金額 / Amount</th></tr>\n";
  for (const auto& p : s.payouts) {
    out += "<tr>" + cell(p.date.to_string()) + cell(p.reference) + amount_cell(p.amount, s.currency) + "</tr>\n";
  }
  if (s.payouts.empty()) out += "<tr><td colspan=\"3\">なし / None</td></tr>\n";
  return out + "</table>\n";
}

}  // namespace

std::string statement_html(const Statement& s, std::string_view sha256) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<title>";
  out += html_escape(statement_title(s) + " " + s.institution + " " + s.month);
  out += "</title>\n";
  out += kHtmlStyle;
  out += "</head>\n<body>\n";
  out += html_header(s) + html_lines(s) + html_payouts(s);
  out += "<p class=\"footer\">";
  out += s.provisional ? "暫定明細（発行前） / Provisional statement, not issued"
                       : "SHA-256: " + html_escape(sha_label(s, sha256));
  out += "</p>\n</body>\n</html>\n";
  return out;
}

}  // namespace chizai
