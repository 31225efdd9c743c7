#include <iostream>
int main() {
    long long a, b;
    std::cin >> a >> b;
    // Counts up to b one step at a time: hopeless for large b, endless for negative b.
    volatile long long steps = 0;
    while (steps != b) steps = steps + 1;
    std::cout << a + steps << "\n";
}
