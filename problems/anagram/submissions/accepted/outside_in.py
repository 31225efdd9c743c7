from collections import Counter

# Fills the word from both ends at once, taking letters in order of first appearance.
s = input().strip()
counts = Counter(s)
odd = [c for c, k in counts.items() if k % 2]
if len(odd) > 1:
    print("IMPOSSIBLE")
else:
    word = [""] * len(s)
    left, right = 0, len(s) - 1
    for c, k in counts.items():
        for _ in range(k // 2):
            word[left] = word[right] = c
            left += 1
            right -= 1
    if odd:
        word[left] = odd[0]
    print("".join(word))
