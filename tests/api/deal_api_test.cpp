// Placeholder: the deal API tests are being written.
