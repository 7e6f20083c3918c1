#include "ledger/statement.h"
