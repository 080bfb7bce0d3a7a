/// @file computation_graph.cpp
/// @brief One sample's computation graph, forward and backward (see computation_graph.hpp).
#include "computation_graph.hpp"

#include <cmath>
#include <iomanip>
#include <sstream>

#include "exercises/ch02.hpp"

namespace ch02 {

namespace {
double loss(double x1, double x2, double w1, double w2, double b, double y) {
    dl::MatrixD Z(1, 1), Y(1, 1);
    Z(0, 0) = w1 * x1 + w2 * x2 + b;
    Y(0, 0) = y;
    return dl::exercises::logistic_cost(Z, Y);  // one sample: J = L
}
}  // namespace

GraphValues computation_graph(double x1, double x2, double w1, double w2, double b, double y) {
    GraphValues g{};
    g.x1 = x1, g.x2 = x2, g.w1 = w1, g.w2 = w2, g.b = b, g.y = y;
    //! [graph_forward_backward]
    g.z = w1 * x1 + w2 * x2 + b;                       // forward
    dl::MatrixD Z(1, 1);
    Z(0, 0) = g.z;
    g.a = dl::exercises::sigmoid(Z)(0, 0);
    g.L = loss(x1, x2, w1, w2, b, y);
    g.da = -y / g.a + (1 - y) / (1 - g.a);             // backward: ∂L/∂a
    g.dz = g.da * g.a * (1 - g.a);                     // ∂L/∂z = ∂L/∂a · σ'(z) = a − y
    g.dw1 = x1 * g.dz;                                 // ∂z/∂w1 = x1
    g.dw2 = x2 * g.dz;
    g.db = g.dz;                                       // ∂z/∂b = 1
    //! [graph_forward_backward]
    const double eps = 1e-6;
    g.numeric_dw1 = (loss(x1, x2, w1 + eps, w2, b, y) - loss(x1, x2, w1 - eps, w2, b, y)) / (2 * eps);
    return g;
}

std::string graph_text(const GraphValues& g) {
    std::ostringstream os;
    os << std::fixed << std::setprecision(6);
    os << "   inputs   x1 = " << g.x1 << "   x2 = " << g.x2 << "   y = " << g.y << "\n"
       << "   params   w1 = " << g.w1 << "   w2 = " << g.w2 << "   b = " << g.b << "\n"
       << "\n"
       << "   forward  z = w1·x1 + w2·x2 + b = " << g.z << "\n"
       << "            a = σ(z)              = " << g.a << "\n"
       << "            L = −[y log a + (1−y) log(1−a)] = " << g.L << "\n"
       << "\n"
       << "   backward da  = −y/a + (1−y)/(1−a) = " << g.da << "\n"
       << "            dz  = da · a(1−a) = a − y = " << g.dz << "\n"
       << "            dw1 = x1 · dz = " << g.dw1 << "   (two-sided difference: " << g.numeric_dw1
       << ")\n"
       << "            dw2 = x2 · dz = " << g.dw2 << "\n"
       << "            db  = dz      = " << g.db << "\n";
    return os.str();
}

}  // namespace ch02
