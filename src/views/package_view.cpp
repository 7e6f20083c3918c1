// Placeholder: JSON views of the package services, shared by the CLI and the API.
