// Office calendars (calendar.h). At load, every office's closed days of
// 2000–2040 are computed from its rules and its file in
// config/docketing/calendars/ into one byte per day; the queries then read
// that table.
//
// Rules per office (sources in the files' "about" and the README's "Office
// calendars"):
//  JP  weekends; 国民の祝日に関する法律 (fixed days, Happy Monday days, the
//      equinox days, 振替休日 before and from 2007, 国民の休日, Mountain Day
//      from 2016, the Emperor's Birthday, the one-off days of 2019 and the
//      Olympic moves of 2020 and 2021); the JPO's year-end closure 29 Dec–3 Jan.
//  US  weekends; 5 U.S.C. 6103 holidays with Saturday→Friday, Sunday→Monday
//      observance; Inauguration Day (DC); closures by executive order (us.json).
//  EP  weekends; the published closing-day lists (ep.json), else the lists'
//      regular pattern (provisional). UP uses the EP calendar.
//  WO  weekends; the International Bureau's published lists (wo.json), else
//      their pattern (provisional).
//  DE  DPMA Munich: German and Bavarian public holidays. FR: Code du travail
//      L3133-1. GB: bank holidays of England and Wales with substitute days.
#include "docket/calendar.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

namespace chizai::docket {

namespace {

constexpr std::uint8_t kClosedBit = 1;
constexpr std::uint8_t kProvisionalBit = 2;
constexpr std::uint8_t kWeekendBit = 4;

constexpr int kYears = Calendars::kLastYear - Calendars::kFirstYear + 1;

const std::array<const char*, 8> kOffices = {"JP", "US", "EP", "WO", "DE", "FR", "GB", "UP"};
enum OfficeIndex { kJP, kUS, kEP, kWO, kDE, kFR, kGB, kUP };

Date ymd(int y, int m, int d) { return Date::from_ymd(y, m, d).value(); }

const Date kFirstDay = ymd(Calendars::kFirstYear, 1, 1);
const Date kLastDay = ymd(Calendars::kLastYear, 12, 31);
const int kDays = kLastDay.days_since_epoch() - kFirstDay.days_since_epoch() + 1;

bool in_range(Date d) { return d >= kFirstDay && d <= kLastDay; }
int day_index(Date d) { return d.days_since_epoch() - kFirstDay.days_since_epoch(); }

// The n-th `weekday` (1 = Monday … 7 = Sunday) of a month.
Date nth_weekday(int y, int m, int weekday, int n) {
  const Date first = ymd(y, m, 1);
  const int offset = (weekday - first.iso_weekday() + 7) % 7;
  return first.add_days(offset + 7 * (n - 1));
}

Date last_weekday(int y, int m, int weekday) {
  const Date last = ymd(y, m, 1).month_end();
  return last.add_days(-((last.iso_weekday() - weekday + 7) % 7));
}

// Easter Sunday by the Gregorian computus (the "anonymous" algorithm of
// Meeus/Jones/Butcher).
Date easter_sunday(int y) {
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return ymd(y, month, day);
}

// The equinox days by the standard approximation (valid 1980–2099) used to
// announce them: 春分日 = floor(20.8431 + 0.242194 (y − 1980) − floor((y − 1980) / 4)),
// 秋分日 the same with 23.2488.
Date vernal_equinox(int y) {
  return ymd(y, 3, static_cast<int>(20.8431 + 0.242194 * (y - 1980) - (y - 1980) / 4));
}
Date autumnal_equinox(int y) {
  return ymd(y, 9, static_cast<int>(23.2488 + 0.242194 * (y - 1980) - (y - 1980) / 4));
}

struct Entry {
  Date date;
  std::string name;
  bool holiday = true;
  bool provisional = false;
};

// What an office's file adds to its rules.
struct OfficeFile {
  int equinox_published_through = 0;  // JP
  struct Published {
    std::string source;
    std::vector<Entry> closed;
  };
  std::map<int, Published> published;  // EP, WO: year → the published list
  std::vector<Entry> extra_closed;
  std::vector<Date> open;  // a regular holiday that did not happen (moved by proclamation)
};

// ---- Japan -----------------------------------------------------------------

void jp_year(int y, const OfficeFile& file, std::vector<Entry>& out, std::vector<Date>& uncertain) {
  std::map<Date, std::string> base;  // 国民の祝日 (and the days treated as such)
  auto add = [&](Date d, const char* name) { base[d] = name; };
  add(ymd(y, 1, 1), "元日 New Year's Day");
  add(nth_weekday(y, 1, 1, 2), "成人の日 Coming of Age Day");  // Happy Monday since 2000
  add(ymd(y, 2, 11), "建国記念の日 National Foundation Day");
  if (y >= 2020) add(ymd(y, 2, 23), "天皇誕生日 The Emperor's Birthday");
  const Date vernal = vernal_equinox(y);
  add(vernal, "春分の日 Vernal Equinox Day");
  add(ymd(y, 4, 29), y <= 2006 ? "みどりの日 Greenery Day" : "昭和の日 Showa Day");
  add(ymd(y, 5, 3), "憲法記念日 Constitution Memorial Day");
  if (y >= 2007) add(ymd(y, 5, 4), "みどりの日 Greenery Day");
  add(ymd(y, 5, 5), "こどもの日 Children's Day");
  // Marine Day: 20 July, the third Monday of July from 2003; the Olympic moves.
  add(y <= 2002 ? ymd(y, 7, 20)
      : y == 2020 ? ymd(2020, 7, 23)
      : y == 2021 ? ymd(2021, 7, 22)
                  : nth_weekday(y, 7, 1, 3),
      "海の日 Marine Day");
  if (y >= 2016) {
    add(y == 2020 ? ymd(2020, 8, 10) : y == 2021 ? ymd(2021, 8, 8) : ymd(y, 8, 11), "山の日 Mountain Day");
  }
  add(y <= 2002 ? ymd(y, 9, 15) : nth_weekday(y, 9, 1, 3), "敬老の日 Respect for the Aged Day");
  const Date autumnal = autumnal_equinox(y);
  add(autumnal, "秋分の日 Autumnal Equinox Day");
  add(y == 2020 ? ymd(2020, 7, 24) : y == 2021 ? ymd(2021, 7, 23) : nth_weekday(y, 10, 1, 2),
      y <= 2019 ? "体育の日 Health and Sports Day" : "スポーツの日 Sports Day");
  add(ymd(y, 11, 3), "文化の日 Culture Day");
  add(ymd(y, 11, 23), "勤労感謝の日 Labour Thanksgiving Day");
  if (y <= 2018) add(ymd(y, 12, 23), "天皇誕生日 The Emperor's Birthday");
  if (y == 2019) {  // 平成30年法律第99号: treated as national holidays
    add(ymd(2019, 5, 1), "天皇の即位の日 Enthronement Day");
    add(ymd(2019, 10, 22), "即位礼正殿の儀の行われる日 Enthronement Ceremony Day");
  }

  std::map<Date, std::string> rest;  // 休日: substitute and citizens' holidays
  // 振替休日 (art. 3(2)): until 2006 the Monday after a Sunday holiday (unless
  // itself a holiday); from 2007 the nearest following day that is not one.
  for (const auto& [d, name] : base) {
    if (d.iso_weekday() != 7) continue;
    Date s = d.add_days(1);
    if (y >= 2007) {
      while (base.count(s)) s = s.add_days(1);
    } else if (base.count(s)) {
      continue;
    }
    rest.emplace(s, "振替休日 Substitute holiday");
  }
  // 国民の休日 (art. 3(3)): a day between two national holidays; until 2006
  // not a Sunday nor a substitute holiday.
  for (const auto& [d, name] : base) {
    const Date mid = d.add_days(1);
    if (base.count(mid) || !base.count(mid.add_days(1))) continue;
    if (y <= 2006 && (mid.iso_weekday() == 7 || rest.count(mid))) continue;
    rest.emplace(mid, "国民の休日 Citizens' holiday");
  }

  if (y > file.equinox_published_through) {
    for (Date e : {vernal, autumnal}) {
      for (int k = -2; k <= 2; ++k) uncertain.push_back(e.add_days(k));
    }
  }
  auto provisional = [&](Date d) { return std::find(uncertain.begin(), uncertain.end(), d) != uncertain.end(); };
  for (const auto& [d, name] : base) out.push_back({d, name, true, provisional(d)});
  for (const auto& [d, name] : rest) out.push_back({d, name, true, provisional(d)});
  // The JPO's year-end closure (行政機関の休日に関する法律 art. 1(1)(iii)).
  for (Date d : {ymd(y, 1, 2), ymd(y, 1, 3), ymd(y, 12, 29), ymd(y, 12, 30), ymd(y, 12, 31)}) {
    out.push_back({d, "年末年始 JPO year-end closure", false, false});
  }
}

// ---- United States ----------------------------------------------------------

void us_observed(std::vector<Entry>& out, Date d, const std::string& name) {
  out.push_back({d, name});
  if (d.iso_weekday() == 6) out.push_back({d.add_days(-1), name + " (observed)"});
  if (d.iso_weekday() == 7) out.push_back({d.add_days(1), name + " (observed)"});
}

void us_year(int y, std::vector<Entry>& out) {
  us_observed(out, ymd(y, 1, 1), "New Year's Day");
  out.push_back({nth_weekday(y, 1, 1, 3), "Birthday of Martin Luther King, Jr."});
  if (y % 4 == 1) {  // 5 U.S.C. 6103(c): DC area; a Sunday moves to Monday, a Saturday is lost
    const Date jan20 = ymd(y, 1, 20);
    if (jan20.iso_weekday() == 7) {
      out.push_back({jan20.add_days(1), "Inauguration Day (20 January on a Sunday)"});
    } else if (jan20.iso_weekday() != 6) {
      out.push_back({jan20, "Inauguration Day"});
    }
  }
  out.push_back({nth_weekday(y, 2, 1, 3), "Washington's Birthday"});
  out.push_back({last_weekday(y, 5, 1), "Memorial Day"});
  if (y >= 2021) us_observed(out, ymd(y, 6, 19), "Juneteenth National Independence Day");
  us_observed(out, ymd(y, 7, 4), "Independence Day");
  out.push_back({nth_weekday(y, 9, 1, 1), "Labor Day"});
  out.push_back({nth_weekday(y, 10, 1, 2), "Columbus Day"});
  us_observed(out, ymd(y, 11, 11), "Veterans Day");
  out.push_back({nth_weekday(y, 11, 4, 4), "Thanksgiving Day"});
  us_observed(out, ymd(y, 12, 25), "Christmas Day");
}

// ---- EPO, WIPO -------------------------------------------------------------

// The regular pattern of the EPO's published lists: the union of the closing
// days of its filing offices in Munich, The Hague and Berlin.
void ep_pattern(int y, std::vector<Entry>& out) {
  const Date easter = easter_sunday(y);
  auto add = [&](Date d, const char* name, bool holiday = true) { out.push_back({d, name, holiday, true}); };
  add(ymd(y, 1, 1), "New Year's Day");
  add(ymd(y, 1, 6), "Epiphany (Munich)");
  if (y >= 2019) add(ymd(y, 3, 8), "International Women's Day (Berlin)");
  add(easter.add_days(-2), "Good Friday");
  add(easter.add_days(1), "Easter Monday");
  if (y <= 2013) add(ymd(y, 4, 30), "Queen's Day (The Hague)");
  else add(ymd(y, 4, 27), "King's Day (The Hague)");
  add(ymd(y, 5, 1), "Labour Day");
  add(ymd(y, 5, 5), "Liberation Day (The Hague)");
  add(easter.add_days(39), "Ascension Day");
  add(easter.add_days(50), "Whit Monday");
  add(easter.add_days(60), "Corpus Christi (Munich)");
  add(ymd(y, 8, 15), "Assumption Day (Munich)");
  add(ymd(y, 10, 3), "Day of German Unity");
  add(ymd(y, 11, 1), "All Saints' Day (Munich)");
  add(ymd(y, 12, 24), "Christmas Eve", false);
  add(ymd(y, 12, 25), "Christmas Day");
  add(ymd(y, 12, 26), "Boxing Day");
  for (int d = 27; d <= 30; ++d) add(ymd(y, 12, d), "Bridging day", false);
  add(ymd(y, 12, 31), "New Year's Eve", false);
}

// The pattern of the International Bureau's published non-working days.
void wo_pattern(int y, std::vector<Entry>& out) {
  const Date easter = easter_sunday(y);
  auto add = [&](Date d, const char* name, bool holiday = true) { out.push_back({d, name, holiday, true}); };
  const Date jan1 = ymd(y, 1, 1);
  add(jan1.iso_weekday() == 7 ? jan1.add_days(1) : jan1, "New Year's Day");
  add(easter.add_days(-2), "Good Friday");
  add(easter.add_days(1), "Easter Monday");
  add(easter.add_days(39), "Ascension Day");
  add(easter.add_days(50), "Whit Monday");
  add(nth_weekday(y, 9, 7, 1).add_days(4), "Jeûne genevois");  // Thursday after the first Sunday of September
  const Date dec25 = ymd(y, 12, 25);
  add(dec25.iso_weekday() == 7 ? dec25.add_days(1) : dec25, "Christmas Day");
  add(ymd(y, 12, 31), "New Year's Eve", false);
}

// ---- National offices --------------------------------------------------------

void de_year(int y, std::vector<Entry>& out) {
  const Date easter = easter_sunday(y);
  out.push_back({ymd(y, 1, 1), "Neujahr New Year's Day"});
  out.push_back({ymd(y, 1, 6), "Heilige Drei Könige Epiphany (Bavaria)"});
  out.push_back({easter.add_days(-2), "Karfreitag Good Friday"});
  out.push_back({easter.add_days(1), "Ostermontag Easter Monday"});
  out.push_back({ymd(y, 5, 1), "Tag der Arbeit Labour Day"});
  out.push_back({easter.add_days(39), "Christi Himmelfahrt Ascension Day"});
  out.push_back({easter.add_days(50), "Pfingstmontag Whit Monday"});
  out.push_back({easter.add_days(60), "Fronleichnam Corpus Christi (Bavaria)"});
  out.push_back({ymd(y, 8, 15), "Mariä Himmelfahrt Assumption Day (Munich)"});
  out.push_back({ymd(y, 10, 3), "Tag der Deutschen Einheit Day of German Unity"});
  out.push_back({ymd(y, 11, 1), "Allerheiligen All Saints' Day (Bavaria)"});
  out.push_back({ymd(y, 12, 25), "1. Weihnachtstag Christmas Day"});
  out.push_back({ymd(y, 12, 26), "2. Weihnachtstag St Stephen's Day"});
}

void fr_year(int y, std::vector<Entry>& out) {
  const Date easter = easter_sunday(y);
  out.push_back({ymd(y, 1, 1), "Jour de l'an New Year's Day"});
  out.push_back({easter.add_days(1), "Lundi de Pâques Easter Monday"});
  out.push_back({ymd(y, 5, 1), "Fête du Travail Labour Day"});
  out.push_back({ymd(y, 5, 8), "Victoire 1945 Victory in Europe Day"});
  out.push_back({easter.add_days(39), "Ascension Ascension Day"});
  out.push_back({easter.add_days(50), "Lundi de Pentecôte Whit Monday"});
  out.push_back({ymd(y, 7, 14), "Fête nationale Bastille Day"});
  out.push_back({ymd(y, 8, 15), "Assomption Assumption Day"});
  out.push_back({ymd(y, 11, 1), "Toussaint All Saints' Day"});
  out.push_back({ymd(y, 11, 11), "Armistice 1918 Armistice Day"});
  out.push_back({ymd(y, 12, 25), "Noël Christmas Day"});
}

void gb_year(int y, std::vector<Entry>& out) {
  const Date easter = easter_sunday(y);
  std::set<Date> taken;
  auto add = [&](Date d, const std::string& name) {
    out.push_back({d, name});
    taken.insert(d);
  };
  // A day on a weekend gives a substitute: the next weekday not already a bank holiday.
  auto with_substitute = [&](Date d, const std::string& name) {
    add(d, name);
    if (d.iso_weekday() < 6) return;
    Date s = d.add_days(1);
    while (s.iso_weekday() >= 6 || taken.count(s)) s = s.add_days(1);
    add(s, name + " (substitute day)");
  };
  with_substitute(ymd(y, 1, 1), "New Year's Day");
  add(easter.add_days(-2), "Good Friday");
  add(easter.add_days(1), "Easter Monday");
  add(nth_weekday(y, 5, 1, 1), "Early May bank holiday");
  add(last_weekday(y, 5, 1), "Spring bank holiday");
  add(last_weekday(y, 8, 1), "Summer bank holiday");
  const Date christmas = ymd(y, 12, 25), boxing = ymd(y, 12, 26);
  add(christmas, "Christmas Day");
  add(boxing, "Boxing Day");
  for (const auto& [d, name] : {std::pair{christmas, std::string("Christmas Day")}, std::pair{boxing, std::string("Boxing Day")}}) {
    if (d.iso_weekday() < 6) continue;
    Date s = d.add_days(1);
    while (s.iso_weekday() >= 6 || taken.count(s)) s = s.add_days(1);
    add(s, name + " (substitute day)");
  }
}

// ---- The table ---------------------------------------------------------------

}  // namespace

struct CalendarData {
  struct Office {
    std::vector<std::uint8_t> flags;       // per day from 2000-01-01
    std::vector<ClosedDay> named;          // in date order, one per date
    std::array<bool, kYears> year_published{};
  };
  std::array<Office, kOffices.size()> offices;
};

namespace {

// Merges the entries of one office (several names on one date become one
// day) and fills its table.
// `year_published` false with `whole_year` marks every day of that year
// provisional (EP, WO: no published list); JP marks only `uncertain_days`.
CalendarData::Office build_office(std::vector<Entry> entries, const std::vector<Date>& open,
                                  const std::vector<Date>& uncertain_days,
                                  const std::array<bool, kYears>& year_published, bool whole_year) {
  CalendarData::Office o;
  o.year_published = year_published;
  o.flags.assign(static_cast<std::size_t>(kDays), 0);
  for (int i = 0; i < kDays; ++i) {
    const Date d = kFirstDay.add_days(i);
    if (d.iso_weekday() >= 6) o.flags[static_cast<std::size_t>(i)] = kClosedBit | kWeekendBit;
    if (whole_year && !year_published[static_cast<std::size_t>(d.year() - Calendars::kFirstYear)]) {
      o.flags[static_cast<std::size_t>(i)] |= kProvisionalBit;  // a whole unpublished year (EP, WO)
    }
  }
  for (Date d : uncertain_days) {
    if (in_range(d)) o.flags[static_cast<std::size_t>(day_index(d))] |= kProvisionalBit;
  }
  std::set<Date> opened(open.begin(), open.end());
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.date < b.date; });
  for (const Entry& e : entries) {
    if (!in_range(e.date) || opened.count(e.date)) continue;
    o.flags[static_cast<std::size_t>(day_index(e.date))] |= kClosedBit;
    if (!o.named.empty() && o.named.back().date == e.date) {
      ClosedDay& day = o.named.back();
      if (day.name.find(e.name) == std::string::npos) day.name += "; " + e.name;
      day.holiday = day.holiday || e.holiday;
      day.provisional = day.provisional && e.provisional;
    } else {
      o.named.push_back({e.date, e.name, e.holiday, e.provisional});
    }
  }
  return o;
}

std::shared_ptr<const CalendarData> build(const std::array<OfficeFile, kOffices.size()>& files) {
  auto data = std::make_shared<CalendarData>();
  std::array<bool, kYears> all_published;
  all_published.fill(true);
  for (std::size_t k = 0; k < kOffices.size(); ++k) {
    if (k == kUP) continue;  // a copy of EP, below
    const OfficeFile& file = files[k];
    std::vector<Entry> entries;
    std::vector<Date> uncertain;
    std::array<bool, kYears> published = all_published;
    for (int y = Calendars::kFirstYear; y <= Calendars::kLastYear; ++y) {
      const auto yi = static_cast<std::size_t>(y - Calendars::kFirstYear);
      switch (k) {
        case kJP:
          jp_year(y, file, entries, uncertain);
          published[yi] = y <= file.equinox_published_through;
          break;
        case kUS: us_year(y, entries); break;
        case kEP:
        case kWO: {
          auto it = file.published.find(y);
          if (it != file.published.end()) {
            entries.insert(entries.end(), it->second.closed.begin(), it->second.closed.end());
          } else {
            (k == kEP ? ep_pattern : wo_pattern)(y, entries);
            published[yi] = false;
          }
          break;
        }
        case kDE: de_year(y, entries); break;
        case kFR: fr_year(y, entries); break;
        case kGB: gb_year(y, entries); break;
        default: break;
      }
    }
    if (k == kUS) us_year(Calendars::kLastYear + 1, entries);  // 1 January 2041 observed on 31 December 2040
    entries.insert(entries.end(), file.extra_closed.begin(), file.extra_closed.end());
    data->offices[k] = build_office(std::move(entries), file.open, uncertain, published, k == kEP || k == kWO);
  }
  data->offices[kUP] = data->offices[kEP];
  return data;
}

std::shared_ptr<const CalendarData> weekends_data() {
  static const std::shared_ptr<const CalendarData> data = [] {
    auto d = std::make_shared<CalendarData>();
    std::array<bool, kYears> published;
    published.fill(true);
    for (auto& o : d->offices) o = build_office({}, {}, {}, published, false);
    return std::shared_ptr<const CalendarData>(d);
  }();
  return data;
}

// ---- Reading the files ---------------------------------------------------------

using simdjson::dom::element;
using simdjson::dom::object;

class FileReader {
 public:
  FileReader(std::string path) : path_(std::move(path)) {}  // NOLINT

  Error bad(const std::string& where, const std::string& what) const {
    return make_error(ErrorKind::kInvalid, "bad_file", path_ + ": " + where + ": " + what, where);
  }

  Result<std::string> text(object obj, const std::string& where, const char* key, bool required = true) const {
    element v;
    if (obj.at_key(key).get(v) != simdjson::SUCCESS) {
      if (!required) return std::string();
      return bad(where + "." + key, "missing");
    }
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS || s.empty()) return bad(where + "." + key, "must be a non-empty string");
    return std::string(s);
  }

  Result<Date> date(object obj, const std::string& where) const {
    auto t = text(obj, where, "date");
    if (!t) return t.error();
    auto d = Date::parse(*t);
    if (!d) return bad(where + ".date", "not a date (YYYY-MM-DD): " + *t);
    if (!in_range(*d)) return bad(where + ".date", *t + " is outside the calendars' years 2000-2040");
    return *d;
  }

  Result<Entry> entry(element e, const std::string& where, bool with_source) const {
    object obj;
    if (e.get_object().get(obj) != simdjson::SUCCESS) return bad(where, "must be an object");
    for (auto field : obj) {
      static const std::set<std::string_view> keys = {"date", "name", "kind", "source", "reason"};
      if (!keys.count(field.key)) return bad(where + "." + std::string(field.key), "unknown key");
    }
    auto d = date(obj, where);
    if (!d) return d.error();
    auto name = text(obj, where, "name");
    if (!name) return name.error();
    if (with_source) {
      auto source = text(obj, where, "source");
      if (!source) return source.error();
    }
    auto kind = text(obj, where, "kind", false);
    if (!kind) return kind.error();
    if (!kind->empty() && *kind != "holiday" && *kind != "closure") {
      return bad(where + ".kind", "must be holiday or closure, not " + *kind);
    }
    return Entry{*d, *name, *kind != "closure", false};
  }

  Result<std::vector<Entry>> entries(object obj, const char* key, bool with_source) const {
    std::vector<Entry> out;
    element v;
    if (obj.at_key(key).get(v) != simdjson::SUCCESS) return out;
    simdjson::dom::array arr;
    if (v.get_array().get(arr) != simdjson::SUCCESS) return bad(key, "must be an array");
    std::set<Date> seen;
    std::size_t i = 0;
    for (element e : arr) {
      const std::string where = std::string(key) + "[" + std::to_string(i++) + "]";
      auto en = entry(e, where, with_source);
      if (!en) return en.error();
      if (!seen.insert(en->date).second) return bad(where + ".date", en->date.to_string() + " is listed twice");
      out.push_back(*en);
    }
    return out;
  }

  Result<OfficeFile> read(const std::string& office) const {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path_, ec)) {
      return make_error(ErrorKind::kIo, "io_error", "cannot read the office calendar file " + path_);
    }
    simdjson::dom::parser parser;
    element root;
    if (auto err = parser.load(path_).get(root); err != simdjson::SUCCESS) {
      if (err == simdjson::IO_ERROR) {
        return make_error(ErrorKind::kIo, "io_error", "cannot read the office calendar file " + path_);
      }
      return bad("(file)", std::string("not valid JSON: ") + simdjson::error_message(err));
    }
    object obj;
    if (root.get_object().get(obj) != simdjson::SUCCESS) return bad("(file)", "must be a JSON object");
    static const std::set<std::string_view> keys = {"office", "about", "equinox_published_through", "equinox_source",
                                                    "published", "extra_closed", "open", "not_counted"};
    for (auto field : obj) {
      if (!keys.count(field.key)) return bad(std::string(field.key), "unknown key");
    }
    auto code = text(obj, "(file)", "office");
    if (!code) return code.error();
    if (*code != office) return bad("office", "is " + *code + ", expected " + office);

    OfficeFile file;
    element v;
    if (obj.at_key("equinox_published_through").get(v) == simdjson::SUCCESS) {
      std::int64_t y = 0;
      if (v.get_int64().get(y) != simdjson::SUCCESS || y < Calendars::kFirstYear - 1 || y > Calendars::kLastYear) {
        return bad("equinox_published_through", "must be a year from 1999 to 2040");
      }
      file.equinox_published_through = static_cast<int>(y);
      auto source = text(obj, "(file)", "equinox_source");
      if (!source) return source.error();
    } else if (office == "JP") {
      return bad("equinox_published_through", "missing (the last year whose equinox days are published)");
    }

    auto extra = entries(obj, "extra_closed", true);
    if (!extra) return extra.error();
    file.extra_closed = *extra;
    auto open = entries(obj, "open", true);
    if (!open) return open.error();
    for (const Entry& e : *open) file.open.push_back(e.date);
    auto not_counted = entries(obj, "not_counted", true);  // documentation: checked, not used
    if (!not_counted) return not_counted.error();

    if (obj.at_key("published").get(v) == simdjson::SUCCESS) {
      simdjson::dom::array arr;
      if (v.get_array().get(arr) != simdjson::SUCCESS) return bad("published", "must be an array");
      std::size_t i = 0;
      for (element e : arr) {
        const std::string where = "published[" + std::to_string(i++) + "]";
        object year_obj;
        if (e.get_object().get(year_obj) != simdjson::SUCCESS) return bad(where, "must be an object");
        for (auto field : year_obj) {
          if (field.key != "year" && field.key != "source" && field.key != "closed") {
            return bad(where + "." + std::string(field.key), "unknown key");
          }
        }
        std::int64_t y = 0;
        if (year_obj.at_key("year").get(v) != simdjson::SUCCESS || v.get_int64().get(y) != simdjson::SUCCESS ||
            y < Calendars::kFirstYear || y > Calendars::kLastYear) {
          return bad(where + ".year", "must be a year from 2000 to 2040");
        }
        const int year = static_cast<int>(y);
        if (file.published.count(year)) return bad(where + ".year", std::to_string(year) + " is listed twice");
        auto source = text(year_obj, where, "source");
        if (!source) return source.error();
        OfficeFile::Published list;
        list.source = *source;
        simdjson::dom::array days;
        if (year_obj.at_key("closed").get(v) != simdjson::SUCCESS || v.get_array().get(days) != simdjson::SUCCESS) {
          return bad(where + ".closed", "must be an array of closed days");
        }
        std::set<Date> seen;
        std::size_t j = 0;
        for (element day : days) {
          const std::string day_where = where + ".closed[" + std::to_string(j++) + "]";
          auto en = entry(day, day_where, false);
          if (!en) return en.error();
          if (en->date.year() != year) return bad(day_where + ".date", en->date.to_string() + " is not in " + std::to_string(year));
          if (!seen.insert(en->date).second) return bad(day_where + ".date", en->date.to_string() + " is listed twice");
          Entry closing = *en;
          closing.holiday = false;  // an office's closing day
          list.closed.push_back(closing);
        }
        file.published.emplace(year, std::move(list));
      }
    }
    return file;
  }

 private:
  std::string path_;
};

}  // namespace

namespace {
int office_index(std::string_view office) {
  for (std::size_t k = 0; k < kOffices.size(); ++k) {
    if (office == kOffices[k]) return static_cast<int>(k);
  }
  return -1;
}

Error unknown_office(std::string_view office) {
  return make_error(ErrorKind::kInvalid, "unknown_office",
                    "unknown office '" + std::string(office) + "' (known: JP, US, EP, WO, DE, FR, GB, UP)", "office");
}

Error outside(Date d) {
  return make_error(ErrorKind::kRefused, "date_outside_calendar",
                    "no office calendar for " + d.to_string() + " (covered: 2000-01-01 to 2040-12-31)", "date");
}
}  // namespace

Result<Calendars> Calendars::load(const std::string& dir) {
  std::array<OfficeFile, kOffices.size()> files;
  for (std::size_t k = 0; k < kOffices.size(); ++k) {
    if (k == kUP) continue;  // the EP calendar
    std::string code = kOffices[k];
    std::string lower = code;
    for (char& c : lower) c = static_cast<char>(c - 'A' + 'a');
    auto file = FileReader((std::filesystem::path(dir) / (lower + ".json")).string()).read(code);
    if (!file) return file.error();
    files[k] = std::move(file).value();
  }
  Calendars c;
  c.data_ = build(files);
  return c;
}

Calendars Calendars::weekends_only() {
  Calendars c;
  c.data_ = weekends_data();
  return c;
}

const std::vector<std::string>& Calendars::offices() {
  static const std::vector<std::string> list(kOffices.begin(), kOffices.end());
  return list;
}

Result<bool> Calendars::closed(std::string_view office, Date d) const {
  const int k = office_index(office);
  if (k < 0) return unknown_office(office);
  if (!in_range(d)) return outside(d);
  const CalendarData& data = data_ ? *data_ : *weekends_data();
  return (data.offices[static_cast<std::size_t>(k)].flags[static_cast<std::size_t>(day_index(d))] & kClosedBit) != 0;
}

Result<WorkingDay> Calendars::next_working_day(std::string_view office, Date d) const {
  const int k = office_index(office);
  if (k < 0) return unknown_office(office);
  if (!in_range(d)) return outside(d);
  const CalendarData& data = data_ ? *data_ : *weekends_data();
  const auto& flags = data.offices[static_cast<std::size_t>(k)].flags;
  bool provisional = false;
  for (int i = day_index(d); i < kDays; ++i) {
    const std::uint8_t f = flags[static_cast<std::size_t>(i)];
    provisional = provisional || (f & kProvisionalBit) != 0;
    if ((f & kClosedBit) == 0) return WorkingDay{kFirstDay.add_days(i), provisional};
  }
  return make_error(ErrorKind::kRefused, "date_outside_calendar",
                    "the " + std::string(office) + " office's next working day after " + d.to_string() +
                        " is after 2040-12-31, the end of the calendars",
                    "date");
}

Result<std::string> Calendars::closed_reason(std::string_view office, Date d) const {
  const int k = office_index(office);
  if (k < 0) return unknown_office(office);
  if (!in_range(d)) return outside(d);
  const CalendarData& data = data_ ? *data_ : *weekends_data();
  const auto& o = data.offices[static_cast<std::size_t>(k)];
  const std::uint8_t f = o.flags[static_cast<std::size_t>(day_index(d))];
  if ((f & kClosedBit) == 0) return std::string();
  std::string reason;
  if (f & kWeekendBit) reason = d.iso_weekday() == 6 ? "Saturday" : "Sunday";
  auto it = std::lower_bound(o.named.begin(), o.named.end(), d,
                             [](const ClosedDay& c, Date x) { return c.date < x; });
  if (it != o.named.end() && it->date == d) reason += (reason.empty() ? "" : "; ") + it->name;
  return reason;
}

Result<std::vector<ClosedDay>> Calendars::closed_days(std::string_view office, int year) const {
  const int k = office_index(office);
  if (k < 0) return unknown_office(office);
  if (year < kFirstYear || year > kLastYear) {
    return make_error(ErrorKind::kRefused, "date_outside_calendar",
                      "no office calendar for " + std::to_string(year) + " (covered: 2000-2040)", "year");
  }
  const CalendarData& data = data_ ? *data_ : *weekends_data();
  std::vector<ClosedDay> out;
  for (const ClosedDay& c : data.offices[static_cast<std::size_t>(k)].named) {
    if (c.date.year() == year) out.push_back(c);
  }
  return out;
}

Result<bool> Calendars::year_published(std::string_view office, int year) const {
  const int k = office_index(office);
  if (k < 0) return unknown_office(office);
  if (year < kFirstYear || year > kLastYear) {
    return make_error(ErrorKind::kRefused, "date_outside_calendar",
                      "no office calendar for " + std::to_string(year) + " (covered: 2000-2040)", "year");
  }
  const CalendarData& data = data_ ? *data_ : *weekends_data();
  return data.offices[static_cast<std::size_t>(k)].year_published[static_cast<std::size_t>(year - kFirstYear)];
}

}  // namespace chizai::docket
