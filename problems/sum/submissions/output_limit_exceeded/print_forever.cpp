#include <cstdio>
#include <cstring>

// Prints the answer, then an endless stream of digits.
int main() {
    long long a, b;
    if (std::scanf("%lld %lld", &a, &b) != 2) return 1;
    std::printf("%lld\n", a + b);
    char line[4096];
    std::memset(line, '7', sizeof line - 1);
    line[sizeof line - 1] = '\n';
    while (std::fwrite(line, 1, sizeof line, stdout) == sizeof line) {
    }
}
