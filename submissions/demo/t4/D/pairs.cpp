#include <iostream>
#include <vector>
int main() {
    int n;
    long long s;
    std::cin >> n >> s;
    std::vector<long long> a(n);
    for (auto &x : a) std::cin >> x;
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j)
            if (a[i] + a[j] == s) {
                std::cout << i + 1 << " " << j + 1 << "\n";
                return 0;
            }
    std::cout << -1 << "\n";
}
