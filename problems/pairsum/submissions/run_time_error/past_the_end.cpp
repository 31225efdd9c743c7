#include <cstdio>
#include <vector>

// Loops one element too far with a checked access: std::out_of_range, then abort, whenever no pair
// turns up before the end.
int main() {
    int n;
    long long target;
    if (std::scanf("%d %lld", &n, &target) != 2) return 1;
    std::vector<long long> a(n);
    for (auto &x : a)
        if (std::scanf("%lld", &x) != 1) return 1;
    for (int j = 1; j <= n; ++j)
        for (int i = 0; i < j; ++i)
            if (a.at(i) + a.at(j) == target) {
                std::printf("%d %d\n", i + 1, j + 1);
                return 0;
            }
    std::printf("-1\n");
}
