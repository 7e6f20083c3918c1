// Placeholder: the admin API tests are being written.
