#include <stdio.h>

/* The output is right, but a non-zero exit code makes the run a run-time error. */
int main(void) {
    long long a, b;
    if (scanf("%lld %lld", &a, &b) != 2) return 1;
    printf("%lld\n", a + b);
    return 3;
}
