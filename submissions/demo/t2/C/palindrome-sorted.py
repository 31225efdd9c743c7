s = input().strip()
odd = sum(s.count(c) % 2 for c in set(s))
print("IMPOSSIBLE" if odd > 1 else "".join(sorted(s)))
