// Placeholder: being written (H4).
int main() { return 1; }
