// The Japanese fiscal year (April to March), by which the aggregator reports.
#pragma once

#include "core/date.h"

namespace chizai {

struct FiscalYear {
  int year = 0;  // FY2026 runs 2026-04-01 .. 2027-03-31
  Date first_day() const;
  Date last_day() const;
  bool contains(Date d) const { return first_day() <= d && d <= last_day(); }
};

FiscalYear fiscal_year_of(Date d);

}  // namespace chizai
