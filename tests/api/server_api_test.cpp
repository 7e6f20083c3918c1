// Placeholder: the server API tests are being written.
