// Placeholder: the authz API tests are being written.
