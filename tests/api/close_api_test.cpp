// Placeholder: the close API tests are being written.
