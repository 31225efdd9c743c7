// Checker for "Pair Sum" (testlib convention): check <input> <contestant_output> <answer>.
// Any pair of positions i < j with a[i] + a[j] = S is right; -1 is right only when no pair exists.
#include <vector>

#include "testlib.h"

namespace {

int n;
long long target;
std::vector<long long> values;

// Reads one answer from `stream`: true for a pair, false for -1. The same rules apply to the
// jury's answer and the contestant's; in the jury's, any violation is reported as a checker failure.
bool readAnswer(InStream &stream) {
    const int i = stream.readInt(-1, n, "i");
    if (i == -1) return false;
    if (i == 0) stream.quitf(_wa, "positions start at 1, found 0");
    const int j = stream.readInt(1, n, "j");
    if (i >= j) stream.quitf(_wa, "positions must satisfy i < j, found %d %d", i, j);
    const long long sum = values[i - 1] + values[j - 1];
    if (sum != target) stream.quitf(_wa, "a[%d] + a[%d] = %lld, not %lld", i, j, sum, target);
    return true;
}

}  // namespace

int main(int argc, char *argv[]) {
    registerTestlibCmd(argc, argv);
    n = inf.readInt(2, 1000, "n");
    target = inf.readLong();
    values.resize(n);
    for (auto &value : values) value = inf.readLong();

    const bool juryHasPair = readAnswer(ans);
    const bool contestantHasPair = readAnswer(ouf);
    if (juryHasPair && !contestantHasPair) quitf(_wa, "printed -1, but a pair exists");
    if (!juryHasPair && contestantHasPair) quitf(_fail, "the contestant found a pair, but the jury answer is -1");
    quitf(_ok, contestantHasPair ? "valid pair" : "correctly -1");
}
