/// @file computation_graph.hpp
/// @brief The computation graph (计算图) of logistic regression for one sample with two
/// features, forward values and backward derivatives, as the lecture draws it:
///
///     x1, w1, x2, w2, b → z = w1·x1 + w2·x2 + b → a = σ(z) → L(a, y)
///
/// Backward, by the chain rule (链式法则), "dvar" meaning ∂L/∂var:
///     da = −y/a + (1 − y)/(1 − a),  dz = da · a(1 − a) = a − y,
///     dw1 = x1·dz,  dw2 = x2·dz,  db = dz.
#pragma once

#include <string>

namespace ch02 {

struct GraphValues {
    double x1, x2, w1, w2, b, y;  // inputs
    double z, a, L;               // forward
    double da, dz, dw1, dw2, db;  // backward
    double numeric_dw1;           // (L(w1 + ε) − L(w1 − ε)) / 2ε, to check dw1
};

/// Evaluates the graph forward and backward.
GraphValues computation_graph(double x1, double x2, double w1, double w2, double b, double y);

/// The graph as text, one node per line with its value and its derivative.
std::string graph_text(const GraphValues& g);

}  // namespace ch02
