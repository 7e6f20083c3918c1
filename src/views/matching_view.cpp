// Placeholder: JSON views of the matching services, shared by the CLI and the API.
