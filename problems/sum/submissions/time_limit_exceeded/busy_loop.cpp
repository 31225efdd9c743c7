#include <iostream>

// Never finishes: spins on the CPU before it would print anything.
int main() {
    long long a, b;
    std::cin >> a >> b;
    volatile unsigned long long counter = 0;
    while (true) counter = counter + 1;
    std::cout << a + b << '\n';
}
