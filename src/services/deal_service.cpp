// Placeholder: being written (H5b).
