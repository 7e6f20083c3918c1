// Placeholder: the registry API tests are being written.
