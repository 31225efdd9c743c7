#include <cstdio>
#include <vector>

// Lets j start at i, so a single value of S / 2 is paired with itself.
int main() {
    int n;
    long long target;
    if (std::scanf("%d %lld", &n, &target) != 2) return 1;
    std::vector<long long> a(n);
    for (auto &x : a)
        if (std::scanf("%lld", &x) != 1) return 1;
    for (int i = 0; i < n; ++i)
        for (int j = i; j < n; ++j)
            if (a[i] + a[j] == target) {
                std::printf("%d %d\n", i + 1, j + 1);
                return 0;
            }
    std::printf("-1\n");
}
