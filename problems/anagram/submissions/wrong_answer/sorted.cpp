#include <algorithm>
#include <iostream>
#include <string>

// Gets IMPOSSIBLE right, but prints the letters sorted, which is rarely a palindrome.
int main() {
    std::string s;
    std::cin >> s;
    int odd = 0;
    for (char c = 'a'; c <= 'z'; ++c) odd += std::count(s.begin(), s.end(), c) % 2;
    if (odd > 1) {
        std::cout << "IMPOSSIBLE\n";
        return 0;
    }
    std::sort(s.begin(), s.end());
    std::cout << s << '\n';
}
