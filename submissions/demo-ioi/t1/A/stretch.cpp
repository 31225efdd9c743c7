#include <algorithm>
#include <cstdio>

// Kadane: the best stretch ending at i either extends the best one ending at i - 1 or starts anew.
int main() {
    int n;
    if (std::scanf("%d", &n) != 1) return 1;
    long long best = 0, ending = 0;
    for (int i = 0; i < n; ++i) {
        long long x;
        if (std::scanf("%lld", &x) != 1) return 1;
        ending = i == 0 ? x : std::max(ending + x, x);
        best = i == 0 ? ending : std::max(best, ending);
    }
    std::printf("%lld\n", best);
}
