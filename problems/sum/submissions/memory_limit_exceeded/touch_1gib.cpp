#include <cstddef>
#include <cstdio>

// Allocates 1 GiB and writes to every page of it, so the memory is really used (limit: 256 MiB).
int main() {
    long long a, b;
    if (std::scanf("%lld %lld", &a, &b) != 2) return 1;
    const std::size_t size = std::size_t{1} << 30;
    char *block = new char[size];
    for (std::size_t i = 0; i < size; i += 4096) block[i] = static_cast<char>(i >> 12);
    long long checksum = 0;
    for (std::size_t i = 0; i < size; i += 1 << 20) checksum += block[i];
    std::printf("%lld\n", a + b + (checksum == -1 ? 1 : 0));
    delete[] block;
}
