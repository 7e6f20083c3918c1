// Placeholder: being written (H6a).
