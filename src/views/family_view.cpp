// Placeholder: JSON views of the family services, shared by the CLI and the API.
