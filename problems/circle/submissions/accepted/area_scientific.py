import math

# Scientific notation ("1.963495408494e+01") is a valid floating-point token too.
r = float(input())
print(f"{math.pi * r * r:.12e}")
