#include <algorithm>
#include <iostream>
#include <string>

// Left half in alphabetical order, the odd letter (if any) in the middle, then the mirror image.
int main() {
    std::string s;
    std::cin >> s;
    int count[26] = {};
    for (char c : s) ++count[c - 'a'];
    std::string half, middle;
    for (int letter = 0; letter < 26; ++letter) {
        half += std::string(count[letter] / 2, static_cast<char>('a' + letter));
        if (count[letter] % 2) middle += static_cast<char>('a' + letter);
    }
    if (middle.size() > 1) {
        std::cout << "IMPOSSIBLE\n";
        return 0;
    }
    std::string back(half.rbegin(), half.rend());
    std::cout << half << middle << back << '\n';
}
