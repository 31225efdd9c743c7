#include <cstdio>

// Writes through a null pointer: killed by SIGSEGV.
int main() {
    long long a, b;
    if (std::scanf("%lld %lld", &a, &b) != 2) return 1;
    volatile long long *target = nullptr;
    *target = a + b;
    std::printf("%lld\n", a + b);
}
