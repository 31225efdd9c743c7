import math
r = float(input())
print("%.8f" % (math.pi * r * r))
