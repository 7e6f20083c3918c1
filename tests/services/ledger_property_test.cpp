// Placeholder: being written (H4).
