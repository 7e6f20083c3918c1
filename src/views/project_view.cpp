// Placeholder: JSON views of the project services, shared by the CLI and the API.
