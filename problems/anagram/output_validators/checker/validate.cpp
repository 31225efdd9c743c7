// Output validator for "Palindromic Anagram" (ICPC protocol):
//   validate <input> <judge_answer> <feedback_dir> [flags] < team_output
// Exits 42 to accept, 43 to reject; the reason goes to <feedback_dir>/judgemessage.txt.
// Any other exit (1 here) means the judge data is inconsistent.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace {

const int ACCEPT = 42;
const int REJECT = 43;
const int JUDGE_ERROR = 1;

std::string feedbackDir;

[[noreturn]] void finish(int code, const std::string &message) {
    std::ofstream out(feedbackDir + "/judgemessage.txt");
    out << message << '\n';
    out.close();
    std::exit(code);
}

std::string readFile(const char *path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) finish(JUDGE_ERROR, std::string("cannot open ") + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string upper(std::string word) {
    for (char &c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return word;
}

// Long or binary tokens are cut and escaped so the message stays one readable line.
std::string shown(const std::string &token) {
    std::string out;
    for (unsigned char c : token.substr(0, 40)) {
        if (std::isprint(c)) {
            out += static_cast<char>(c);
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        }
    }
    return token.size() > 40 ? out + "..." : out;
}

std::array<int, 256> letterCounts(const std::string &word) {
    std::array<int, 256> counts{};
    for (unsigned char c : word) ++counts[c];
    return counts;
}

bool isPalindrome(const std::string &word) {
    return std::equal(word.begin(), word.begin() + word.size() / 2, word.rbegin());
}

// Empty string when `word` is a palindromic permutation of `letters`, else why not.
std::string whyInvalid(const std::string &word, const std::string &letters) {
    if (word.size() != letters.size())
        return "length " + std::to_string(word.size()) + " differs from the input's " + std::to_string(letters.size());
    if (letterCounts(word) != letterCounts(letters)) return "'" + shown(word) + "' is not a permutation of the input";
    if (!isPalindrome(word)) return "'" + shown(word) + "' is not a palindrome";
    return "";
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s input judge_answer feedback_dir < team_output\n", argv[0]);
        return JUDGE_ERROR;
    }
    feedbackDir = argv[3];

    std::istringstream input(readFile(argv[1]));
    std::istringstream judge(readFile(argv[2]));
    std::string letters, judgeToken;
    if (!(input >> letters)) finish(JUDGE_ERROR, "input file is empty");
    if (!(judge >> judgeToken)) finish(JUDGE_ERROR, "judge answer is empty");
    const bool judgeFound = upper(judgeToken) != "IMPOSSIBLE";
    if (judgeFound && !whyInvalid(judgeToken, letters).empty())
        finish(JUDGE_ERROR, "judge answer is invalid: " + whyInvalid(judgeToken, letters));

    std::string team, extra;
    if (!(std::cin >> team)) finish(REJECT, "no output");
    if (std::cin >> extra) finish(REJECT, "extra output after the answer: '" + shown(extra) + "'");

    if (upper(team) == "IMPOSSIBLE") {
        if (judgeFound) finish(REJECT, "team says IMPOSSIBLE, but e.g. '" + shown(judgeToken) + "' works");
        finish(ACCEPT, "correctly IMPOSSIBLE");
    }
    const std::string problem = whyInvalid(team, letters);
    if (!problem.empty()) finish(REJECT, problem);
    if (!judgeFound) finish(JUDGE_ERROR, "team found palindrome '" + shown(team) + "' but the judge answer says IMPOSSIBLE");
    finish(ACCEPT, "valid palindrome");
}
