/// @file threshold_layer.cpp
/// @brief Z = W·X + b, A = step(Z) with the course's kernels.
#include "threshold_layer.hpp"

#include "kernels/activation.hpp"
#include "kernels/bias.hpp"
#include "kernels/matmul.hpp"

namespace ch01 {

ThresholdLayer make_threshold_layer(const dl::Matrix& W, const Eigen::VectorXf& theta,
                                    dl::Device device) {
    DL_CHECK(theta.size() == W.rows(), "threshold layer: W has ", W.rows(),
             " neurons (rows) but there are ", theta.size(), " thresholds");
    const Eigen::VectorXf b = -theta;  // w·x − θ = w·x + b
    return {dl::from_eigen(W).to(device), dl::from_eigen(b).to(device)};
}

dl::Tensor threshold_forward(const ThresholdLayer& layer, const dl::Tensor& X) {
    const dl::Device device = X.device();
    dl::Tensor Z(dl::Shape::matrix(layer.W.rows(), X.cols()), dl::DType::F32, device);
    //! [threshold_forward]
    dl::matmul(layer.W, X, Z);                                // Z = W·X        (k x m)
    dl::add_bias(Z, layer.b);                                 // Z = Z + b      (b = −θ, k x 1)
    dl::activation_forward(dl::Activation::Step, Z, Z);       // A = step(Z)    (in place)
    //! [threshold_forward]
    return Z;
}

double accuracy(const dl::Tensor& A, const Eigen::RowVectorXf& Y) {
    DL_CHECK(A.rows() == 1 && A.cols() == Y.cols(), "accuracy: expected outputs [1 x ", Y.cols(),
             "], got ", A.shape().str());
    const std::vector<double> a = A.values();  // copies from the GPU when needed
    if (a.empty()) return 1.0;
    int right = 0;
    for (std::size_t j = 0; j < a.size(); ++j) right += (a[j] == Y(static_cast<Eigen::Index>(j)));
    return static_cast<double>(right) / static_cast<double>(a.size());
}

}  // namespace ch01
