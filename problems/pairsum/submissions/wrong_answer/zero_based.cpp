#include <cstdio>
#include <vector>

// Finds the right pair but prints positions counted from 0.
int main() {
    int n;
    long long target;
    if (std::scanf("%d %lld", &n, &target) != 2) return 1;
    std::vector<long long> a(n);
    for (auto &x : a)
        if (std::scanf("%lld", &x) != 1) return 1;
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j)
            if (a[i] + a[j] == target) {
                std::printf("%d %d\n", i, j);
                return 0;
            }
    std::printf("-1\n");
}
