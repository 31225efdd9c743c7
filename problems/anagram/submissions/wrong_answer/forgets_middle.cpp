#include <iostream>
#include <string>

// Builds the two mirrored halves but drops the odd letter that belongs in the middle.
int main() {
    std::string s;
    std::cin >> s;
    int count[26] = {};
    for (char c : s) ++count[c - 'a'];
    int odd = 0;
    std::string half;
    for (int letter = 0; letter < 26; ++letter) {
        odd += count[letter] % 2;
        half += std::string(count[letter] / 2, static_cast<char>('a' + letter));
    }
    if (odd > 1) {
        std::cout << "IMPOSSIBLE\n";
        return 0;
    }
    std::cout << half << std::string(half.rbegin(), half.rend()) << '\n';
}
