// Placeholder: JSON views of the registry services, shared by the CLI and the API.
