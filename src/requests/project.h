// The Super Highway's requests: projects, commissioned research contracts,
// expenditures and overseas staff, read the same way by `chizai project
// create | contract add|status | expense add | staff assign`,
// POST /api/v1/projects|contracts|expenditures|staff and the scheme
// loader's "project.create", "contract.add", "expense.add" and
// "staff.assign" operations. Amounts are decimal strings in JPY (the only
// currency of the programme; "currency" may be given as "JPY" or omitted).
#pragma once

#include <string>

#include "io/request_spec.h"
#include "services/project_service.h"

namespace chizai::requests {

// {"code", "package", "basic_patents", "budget", "currency", "from", "to"}:
// no budget, the settings' default.
const RequestSpec& project_spec();
ProjectRequest read_project(const SpecFields& f);

// {"project", "institution", "amount", "currency", "from", "to",
// "deliverable", "recoverable"}.
const RequestSpec& contract_spec();
ContractRequest read_contract(const SpecFields& f);

// {"status"}: active, completed or cancelled (the service checks the word);
// the contract is named apart (path, argument). Returns the status word.
const RequestSpec& contract_status_spec();
std::string read_contract_status(const SpecFields& f);

// {"contract", "amount", "currency", "date", "recoverable", "note"}: the
// contract by its id (the scheme loader puts the id of the contract its
// "contract" ref names before reading).
const RequestSpec& expense_spec();
ExpenseRequest read_expense(const SpecFields& f);

// {"project", "name", "region", "from", "to"}: no "to", open-ended.
const RequestSpec& staff_spec();
StaffRequest read_staff(const SpecFields& f);

}  // namespace chizai::requests
