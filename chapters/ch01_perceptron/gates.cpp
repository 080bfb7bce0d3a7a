/// @file gates.cpp
/// @brief The lecture's hand-set gates, evaluated as a layer and neuron by neuron.
#include "gates.hpp"

#include "exercises/ch01.hpp"
#include "threshold_layer.hpp"
#include "truth_table.hpp"

namespace ch01 {

std::vector<HandSetGate> lecture_gates() {
    //! [lecture_gates]
    return {
        //  name       w1     w2     θ
        {"AND",       1.0f,  1.0f,  2.0f, Eigen::RowVector4f(0, 0, 0, 1)},
        {"OR",        1.0f,  1.0f,  0.5f, Eigen::RowVector4f(0, 1, 1, 1)},
        {"NOT x1",   -0.6f,  0.0f, -0.5f, Eigen::RowVector4f(1, 1, 0, 0)},
        {"NAND",     -1.0f, -1.0f, -1.5f, Eigen::RowVector4f(1, 1, 1, 0)},
    };
    //! [lecture_gates]
}

dl::Matrix evaluate_gates(const std::vector<HandSetGate>& gates, dl::Device device) {
    const auto k = static_cast<Eigen::Index>(gates.size());
    dl::Matrix W(k, 2);         // one gate per row: k x 2
    Eigen::VectorXf theta(k);   // k thresholds
    for (Eigen::Index i = 0; i < k; ++i) {
        W(i, 0) = gates[i].w1;
        W(i, 1) = gates[i].w2;
        theta(i) = gates[i].theta;
    }
    const ThresholdLayer layer = make_threshold_layer(W, theta, device);
    const dl::Tensor X = dl::from_eigen(truth_table_inputs()).to(device);  // 2 x 4
    return dl::to_eigen<float>(threshold_forward(layer, X));               // k x 4
}

dl::Matrix evaluate_gates_one_by_one(const std::vector<HandSetGate>& gates) {
    const dl::Matrix X = truth_table_inputs();
    dl::Matrix A(static_cast<Eigen::Index>(gates.size()), X.cols());
    for (std::size_t i = 0; i < gates.size(); ++i) {
        const Eigen::Vector2f w(gates[i].w1, gates[i].w2);
        for (Eigen::Index j = 0; j < X.cols(); ++j)
            A(static_cast<Eigen::Index>(i), j) =
                dl::exercises::mp_neuron(w, gates[i].theta, X.col(j));
    }
    return A;
}

}  // namespace ch01
