#include <cstdio>
#include <unordered_map>
#include <vector>

// Scans left to right and remembers where each value was first seen: the pair with the smallest j.
int main() {
    int n;
    long long target;
    if (std::scanf("%d %lld", &n, &target) != 2) return 1;
    std::unordered_map<long long, int> firstSeen;
    for (int j = 1; j <= n; ++j) {
        long long x;
        if (std::scanf("%lld", &x) != 1) return 1;
        auto partner = firstSeen.find(target - x);
        if (partner != firstSeen.end()) {
            std::printf("%d %d\n", partner->second, j);
            return 0;
        }
        firstSeen.emplace(x, j);
    }
    std::printf("-1\n");
}
