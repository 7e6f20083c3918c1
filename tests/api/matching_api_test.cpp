// Placeholder: the matching API tests are being written.
