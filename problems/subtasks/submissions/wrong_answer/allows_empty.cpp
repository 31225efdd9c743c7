#include <algorithm>
#include <cstdio>

// Kadane that lets the stretch be empty: prints 0 instead of the largest element when all are negative.
int main() {
    int n;
    if (std::scanf("%d", &n) != 1) return 1;
    long long best = 0, ending = 0;
    for (int i = 0; i < n; ++i) {
        long long x;
        if (std::scanf("%lld", &x) != 1) return 1;
        ending = std::max(ending + x, 0LL);
        best = std::max(best, ending);
    }
    std::printf("%lld\n", best);
}
