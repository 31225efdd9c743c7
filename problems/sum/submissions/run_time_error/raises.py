a, b = map(int, input().split())
# Looks the sum up in an empty table: KeyError, exit code 1.
print({}[a + b])
