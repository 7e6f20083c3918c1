// Placeholder: being written (H5a).
int main() { return 1; }
