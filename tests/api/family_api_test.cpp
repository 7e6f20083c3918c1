// Placeholder: the family API tests are being written.
