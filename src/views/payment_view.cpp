// Placeholder: JSON views of the payment services, shared by the CLI and the API.
