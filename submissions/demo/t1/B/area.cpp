#include <cmath>
#include <iomanip>
#include <iostream>
int main() {
    double r;
    std::cin >> r;
    std::cout << std::fixed << std::setprecision(9) << M_PI * r * r << "\n";
}
