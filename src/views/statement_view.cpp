// Placeholder: JSON views of the statement services, shared by the CLI and the API.
