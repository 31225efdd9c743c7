import sys

# Sorts positions by value and closes in from both ends: usually a different pair than other solutions.
data = sys.stdin.read().split()
n, target = int(data[0]), int(data[1])
values = list(map(int, data[2 : 2 + n]))
order = sorted(range(n), key=values.__getitem__)
lo, hi = 0, n - 1
while lo < hi:
    total = values[order[lo]] + values[order[hi]]
    if total == target:
        i, j = sorted((order[lo] + 1, order[hi] + 1))
        print(i, j)
        break
    if total < target:
        lo += 1
    else:
        hi -= 1
else:
    print(-1)
