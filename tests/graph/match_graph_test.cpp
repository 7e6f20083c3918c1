// Placeholder: being written (H5a).
