// A small, self-contained header for checkers written in the testlib style
// (the convention of Codeforces / Polygon checkers). It covers what typical
// checkers use and nothing more.
//
// Command line:  checker <input> <contestant_output> <answer> [<result_file>]
// Exit codes:    0 ok, 1 wrong answer, 2 presentation error, 3 checker failure, 7 points.
// The verdict line ("ok ...", "wrong answer ...", "wrong output format ...",
// "FAIL ...", "points <value> ...") goes to stderr, and also to <result_file> if given.
//
// Streams: `inf` (test input), `ouf` (contestant output), `ans` (jury answer).
// A problem found while reading `ouf` is the contestant's fault (WA or PE);
// the same problem in `inf` or `ans` means the test data is broken (FAIL).
#ifndef ZUKO_TESTLIB_LITE_H
#define ZUKO_TESTLIB_LITE_H

#include <cerrno>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

enum TResult { _ok, _wa, _pe, _fail, _dirt, _points };

namespace testlib_lite {

inline int exitCodeOf(TResult result) {
    switch (result) {
        case _ok: return 0;
        case _wa: return 1;
        case _pe: return 2;
        case _fail: return 3;
        case _dirt: return 4;
        case _points: return 7;
    }
    return 3;
}

inline const char *prefixOf(TResult result) {
    switch (result) {
        case _ok: return "ok";
        case _wa: return "wrong answer";
        case _pe: return "wrong output format";
        case _fail: return "FAIL";
        case _dirt: return "wrong output format";
        case _points: return "points";
    }
    return "FAIL";
}

inline std::string vformat(const char *fmt, va_list args) {
    va_list copy;
    va_copy(copy, args);
    int length = std::vsnprintf(nullptr, 0, fmt, copy);
    va_end(copy);
    if (length < 0) return fmt;
    std::vector<char> buffer(static_cast<std::size_t>(length) + 1);
    std::vsnprintf(buffer.data(), buffer.size(), fmt, args);
    return std::string(buffer.data(), static_cast<std::size_t>(length));
}

// Tokens quoted in messages are cut short and made printable: contestant output may be anything.
inline std::string excerpt(const std::string &text) {
    const std::size_t limit = 64;
    std::string out;
    for (std::size_t i = 0; i < text.size() && i < limit; ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 32 && c < 127) {
            out += static_cast<char>(c);
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        }
    }
    if (text.size() > limit) out += "...";
    return out;
}

inline std::string &resultFile() {
    static std::string path;
    return path;
}

inline bool &registered() {
    static bool done = false;
    return done;
}

}  // namespace testlib_lite

[[noreturn]] inline void quit(TResult result, const std::string &message);

class InStream {
public:
    enum Role { INPUT, OUTPUT, ANSWER };

    InStream() = default;

    void open(const char *path, Role role) {
        role_ = role;
        pos_ = 0;
        data_.clear();
        std::FILE *file = std::fopen(path, "rb");
        if (!file) ::quit(_fail, std::string("cannot open ") + path + ": " + std::strerror(errno));
        char chunk[1 << 16];
        std::size_t got;
        while ((got = std::fread(chunk, 1, sizeof chunk, file)) > 0) data_.append(chunk, got);
        std::fclose(file);
    }

    // Ends the check with `result`; in `inf` and `ans` every problem is a checker failure.
    [[noreturn]] void quit(TResult result, const std::string &message) const {
        if (role_ != OUTPUT && result != _ok && result != _points) {
            ::quit(_fail, std::string(roleName()) + ": " + message);
        }
        ::quit(result, message);
    }

    [[noreturn]] void quitf(TResult result, const char *fmt, ...) const {
        va_list args;
        va_start(args, fmt);
        std::string message = testlib_lite::vformat(fmt, args);
        va_end(args);
        quit(result, message);
    }

    bool eof() const { return pos_ >= data_.size(); }

    bool seekEof() {
        skipBlanks();
        return eof();
    }

    bool seekEoln() {
        while (pos_ < data_.size() && (data_[pos_] == ' ' || data_[pos_] == '\t' || data_[pos_] == '\r')) ++pos_;
        return eof() || data_[pos_] == '\n';
    }

    std::string readToken() { return nextToken("a token"); }
    std::string readWord() { return nextToken("a word"); }

    long long readLong() { return parseInteger(nextToken("an integer"), "an integer", INT64_MIN_VALUE, INT64_MAX_VALUE); }

    long long readLong(long long low, long long high, const std::string &name = "") {
        long long value = readLong();
        if (value < low || value > high) {
            quitf(_wa, "%s%s%lld is not in [%lld, %lld]", name.c_str(), name.empty() ? "" : " = ", value, low, high);
        }
        return value;
    }

    int readInt() { return static_cast<int>(parseInteger(nextToken("a 32-bit integer"), "a 32-bit integer", -2147483648LL, 2147483647LL)); }

    int readInt(int low, int high, const std::string &name = "") {
        int value = readInt();
        if (value < low || value > high) {
            quitf(_wa, "%s%s%d is not in [%d, %d]", name.c_str(), name.empty() ? "" : " = ", value, low, high);
        }
        return value;
    }

    double readDouble() {
        std::string token = nextToken("a real number");
        // Plain decimal or exponent notation only: no "nan", "inf" or hexadecimal floats.
        bool plain = token.find_first_not_of("0123456789+-.eE") == std::string::npos;
        char *end = nullptr;
        double value = plain ? std::strtod(token.c_str(), &end) : 0.0;
        if (!plain || end != token.c_str() + token.size() || std::isinf(value)) {
            quitf(_pe, "expected a real number, found \"%s\"", testlib_lite::excerpt(token).c_str());
        }
        return value;
    }

    double readDouble(double low, double high, const std::string &name = "") {
        double value = readDouble();
        if (value < low || value > high) {
            quitf(_wa, "%s%s%.10g is not in [%.10g, %.10g]", name.c_str(), name.empty() ? "" : " = ", value, low, high);
        }
        return value;
    }

    double readReal() { return readDouble(); }
    double readReal(double low, double high, const std::string &name = "") { return readDouble(low, high, name); }

private:
    static constexpr long long INT64_MIN_VALUE = -9223372036854775807LL - 1;
    static constexpr long long INT64_MAX_VALUE = 9223372036854775807LL;

    std::string data_;
    std::size_t pos_ = 0;
    Role role_ = INPUT;

    const char *roleName() const {
        switch (role_) {
            case INPUT: return "input";
            case OUTPUT: return "output";
            case ANSWER: return "answer";
        }
        return "stream";
    }

    static bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

    void skipBlanks() {
        while (pos_ < data_.size() && isBlank(data_[pos_])) ++pos_;
    }

    // Running out of output is a format problem of the contestant, and a data bug elsewhere.
    std::string nextToken(const char *what) {
        skipBlanks();
        if (eof()) quitf(_pe, "unexpected end of file: expected %s", what);
        std::size_t start = pos_;
        while (pos_ < data_.size() && !isBlank(data_[pos_])) ++pos_;
        return data_.substr(start, pos_ - start);
    }

    // Canonical integers only: an optional '-', then digits without leading zeros; no "-0".
    long long parseInteger(const std::string &token, const char *what, long long low, long long high) {
        const bool negative = token[0] == '-';
        const std::string digits = token.substr(negative ? 1 : 0);
        bool valid = !digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos;
        if (valid && digits[0] == '0' && (digits.size() > 1 || negative)) valid = false;
        if (!valid) quitf(_pe, "expected %s, found \"%s\"", what, testlib_lite::excerpt(token).c_str());
        const unsigned long long limit =
            negative ? static_cast<unsigned long long>(-(low + 1)) + 1 : static_cast<unsigned long long>(high);
        unsigned long long magnitude = 0;
        for (char digit : digits) {
            const unsigned long long d = static_cast<unsigned long long>(digit - '0');
            if (magnitude > (limit - d) / 10) {
                quitf(_pe, "expected %s, found \"%s\" (out of range)", what, testlib_lite::excerpt(token).c_str());
            }
            magnitude = magnitude * 10 + d;
        }
        return negative ? static_cast<long long>(0 - magnitude) : static_cast<long long>(magnitude);
    }
};

inline InStream inf;
inline InStream ouf;
inline InStream ans;

[[noreturn]] inline void quit(TResult result, const std::string &message) {
    std::string text = testlib_lite::prefixOf(result);
    if (!message.empty()) text += " " + message;
    // An accepted answer must not hide anything after it.
    if (result == _ok && testlib_lite::registered() && !ouf.seekEof()) {
        result = _pe;
        text = std::string(testlib_lite::prefixOf(_pe)) + " extra information in the output file";
    }
    std::fprintf(stderr, "%s\n", text.c_str());
    if (!testlib_lite::resultFile().empty()) {
        if (std::FILE *out = std::fopen(testlib_lite::resultFile().c_str(), "w")) {
            std::fprintf(out, "%s\n", text.c_str());
            std::fclose(out);
        }
    }
    std::exit(testlib_lite::exitCodeOf(result));
}

[[noreturn]] inline void quitf(TResult result, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    std::string message = testlib_lite::vformat(fmt, args);
    va_end(args);
    quit(result, message);
}

// Partial credit: prints "points <value> <message>" and exits with code 7.
template <typename F>
[[noreturn]] inline void quitp(F points, const char *fmt, ...) {
    static_assert(std::is_arithmetic_v<F>, "points must be a number");
    va_list args;
    va_start(args, fmt);
    std::string message = testlib_lite::vformat(fmt, args);
    va_end(args);
    std::string value;
    if constexpr (std::is_integral_v<F>) {
        value = std::to_string(points);
    } else {
        char text[64];
        std::snprintf(text, sizeof text, "%.10g", static_cast<double>(points));
        value = text;
    }
    quit(_points, message.empty() ? value : value + " " + message);
}

template <typename F>
[[noreturn]] inline void quitp(F points, const std::string &message = "") {
    quitp(points, "%s", message.c_str());
}

// A broken assumption about the test data is a checker failure, never the contestant's fault.
inline void ensuref(bool condition, const char *fmt, ...) {
    if (condition) return;
    va_list args;
    va_start(args, fmt);
    std::string message = testlib_lite::vformat(fmt, args);
    va_end(args);
    quit(_fail, "assertion failed: " + message);
}

#define ensure(condition) ensuref((condition), "%s", #condition)

inline void registerTestlibCmd(int argc, char *argv[]) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s <input> <contestant_output> <answer> [<result_file>]\n", argc > 0 ? argv[0] : "checker");
        std::exit(testlib_lite::exitCodeOf(_fail));
    }
    if (argc >= 5) testlib_lite::resultFile() = argv[4];
    inf.open(argv[1], InStream::INPUT);
    ouf.open(argv[2], InStream::OUTPUT);
    ans.open(argv[3], InStream::ANSWER);
    testlib_lite::registered() = true;
}

#endif
