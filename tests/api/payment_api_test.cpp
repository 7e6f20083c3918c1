// Placeholder: the payment API tests are being written.
