// Placeholder: JSON views of the deal services, shared by the CLI and the API.
