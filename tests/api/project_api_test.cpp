// Placeholder: the project API tests are being written.
