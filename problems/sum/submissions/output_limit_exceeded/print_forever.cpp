#include <cstdio>
#include <cstring>

// Prints the answer, then 64 MiB of digits (far over the 8 MiB output limit), and ends in time:
// OLE. A program that kept printing until its time ran out would be TLE, as DOMjudge judges it.
int main() {
    long long a, b;
    if (std::scanf("%lld %lld", &a, &b) != 2) return 1;
    std::printf("%lld\n", a + b);
    char line[4096];
    std::memset(line, '7', sizeof line - 1);
    line[sizeof line - 1] = '\n';
    for (int i = 0; i < 64 * 256; i++) {
        if (std::fwrite(line, 1, sizeof line, stdout) != sizeof line) return 0;
    }
}
