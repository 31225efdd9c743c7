import sys
import time

# The answer is right, but the program keeps running past the time limit: that is still TLE.
a, b = map(int, sys.stdin.readline().split())
print(a + b, flush=True)
time.sleep(10)
