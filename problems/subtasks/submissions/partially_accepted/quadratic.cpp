#include <algorithm>
#include <cstdio>
#include <vector>

// Tries every start and extends to the right: O(n^2), fast enough for n <= 5000 (g1, g2) only.
int main() {
    int n;
    if (std::scanf("%d", &n) != 1) return 1;
    std::vector<long long> a(n);
    for (auto &x : a)
        if (std::scanf("%lld", &x) != 1) return 1;
    long long best = a[0];
    for (int l = 0; l < n; ++l) {
        long long sum = 0;
        for (int r = l; r < n; ++r) {
            sum += a[r];
            best = std::max(best, sum);
        }
    }
    std::printf("%lld\n", best);
}
