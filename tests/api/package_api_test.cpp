// Placeholder: the package API tests are being written.
