// Placeholder: the licensing API tests are being written.
