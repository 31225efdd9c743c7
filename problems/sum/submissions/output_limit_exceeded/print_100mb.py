import sys

# Prints the answer followed by 100 MB of padding, far over the 8 MiB output limit.
a, b = map(int, sys.stdin.readline().split())
out = sys.stdout
out.write(f"{a + b}\n")
chunk = ("0" * 1023 + "\n") * 1024
for _ in range(100):
    out.write(chunk)
