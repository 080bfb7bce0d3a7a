/// @file xor.cpp
/// @brief XOR in two layers of threshold neurons, and the proof that one neuron is not enough.
#include "xor.hpp"

#include "threshold_layer.hpp"
#include "truth_table.hpp"

namespace ch01 {

std::string xor_not_separable_argument() {
    return "   Suppose one neuron y = step(w1*x1 + w2*x2 - theta) computed XOR. Then\n"
           "     (0,0) -> 0 needs        - theta < 0, so theta > 0\n"
           "     (0,1) -> 1 needs   w2   - theta >= 0\n"
           "     (1,0) -> 1 needs   w1   - theta >= 0\n"
           "     (1,1) -> 0 needs w1 + w2 - theta < 0\n"
           "   Adding the middle two: w1 + w2 >= 2*theta > theta, which contradicts the last.\n"
           "   So no line separates XOR's 1s from its 0s: it is not linearly separable\n"
           "   (线性不可分), and the rule keeps making mistakes however long it runs.\n";
}

dl::Matrix xor_two_layer_forward(dl::Device device) {
    //! [xor_layers]
    dl::Matrix W1(2, 2);
    W1 << -1, -1,    // h1 = NAND(x1, x2)
           1,  1;    // h2 = OR(x1, x2)
    const Eigen::Vector2f theta1(-1.5f, 0.5f);
    dl::Matrix W2(1, 2);
    W2 << 1, 1;      // y = AND(h1, h2), the lecture's w1 = w2 = 1, θ = 2
    const Eigen::VectorXf theta2 = Eigen::VectorXf::Constant(1, 2.0f);

    const dl::Tensor X = dl::from_eigen(truth_table_inputs()).to(device);         // 2 x 4
    const dl::Tensor A1 = threshold_forward(make_threshold_layer(W1, theta1, device), X);   // 2 x 4
    const dl::Tensor A2 = threshold_forward(make_threshold_layer(W2, theta2, device), A1);  // 1 x 4
    //! [xor_layers]
    dl::Matrix out(3, 4);
    out.topRows(2) = dl::to_eigen<float>(A1);
    out.row(2) = dl::to_eigen<float>(A2);
    return out;
}

}  // namespace ch01
