#include <algorithm>
#include <cstdio>
#include <vector>

// Sums every stretch from scratch: O(n^3), only fast enough for subtask 1 (n <= 100).
int main() {
    int n;
    if (std::scanf("%d", &n) != 1) return 1;
    std::vector<int> a(n);
    for (auto &x : a)
        if (std::scanf("%d", &x) != 1) return 1;
    long long best = a[0];
    for (int l = 0; l < n; ++l)
        for (int r = l; r < n; ++r) {
            long long sum = 0;
            for (int k = l; k <= r; ++k) sum += a[k];
            best = std::max(best, sum);
        }
    std::printf("%lld\n", best);
}
