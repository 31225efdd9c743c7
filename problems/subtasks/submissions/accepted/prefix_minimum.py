import sys

# Best stretch ending at i = prefix[i] - (smallest prefix before i).
data = sys.stdin.buffer.read().split()
n = int(data[0])
prefix = 0
smallest = 0
best = None
for token in data[1 : n + 1]:
    prefix += int(token)
    candidate = prefix - smallest
    if best is None or candidate > best:
        best = candidate
    if prefix < smallest:
        smallest = prefix
print(best)
