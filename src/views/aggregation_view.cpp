// Placeholder: JSON views of the aggregation services, shared by the CLI and the API.
