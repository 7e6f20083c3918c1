#include "portfolio/fiscal.h"

namespace chizai {

Date FiscalYear::first_day() const { return Date::from_ymd(year, 4, 1).value(); }
Date FiscalYear::last_day() const { return Date::from_ymd(year + 1, 3, 31).value(); }

FiscalYear fiscal_year_of(Date d) { return FiscalYear{d.month() >= 4 ? d.year() : d.year() - 1}; }

}  // namespace chizai
