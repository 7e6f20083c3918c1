// Placeholder: JSON views of the licensing services, shared by the CLI and the API.
