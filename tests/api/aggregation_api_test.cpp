// Placeholder: the aggregation API tests are being written.
