#include <stdio.h>

/* Each number fits in 32 bits but the sum may not: it wraps around outside [-2^31, 2^31 - 1]. */
int main(void) {
    int a, b;
    if (scanf("%d %d", &a, &b) != 2) return 1;
    unsigned int sum = (unsigned int)a + (unsigned int)b;
    printf("%d\n", (int)sum);
    return 0;
}
