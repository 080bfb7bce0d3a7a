/// @file sign_perceptron.cpp
/// @brief The ±1 perceptron of lecture 000 (see sign_perceptron.hpp).
#include "sign_perceptron.hpp"

#include "kernels/activation.hpp"

namespace ch01 {

Eigen::RowVectorXf to_pm1(const Eigen::RowVectorXf& Y) {
    return (2.0f * Y.array() - 1.0f).matrix();
}

TrainResult train_sign_perceptron(const dl::Matrix& X, const Eigen::RowVectorXf& T, float eta,
                                  int max_epochs, dl::Device device) {
    DL_CHECK(max_epochs > 0, "train_sign_perceptron: the epoch limit must be positive, got ",
             max_epochs);
    DL_CHECK(X.cols() == T.cols(), "train_sign_perceptron: X has ", X.cols(),
             " samples (columns) but T has ", T.cols(), " labels");
    TrainResult r;
    r.p.w = Eigen::VectorXf::Zero(X.rows());
    r.p.theta = 0.0f;
    for (int epoch = 1; epoch <= max_epochs; ++epoch) {
        int mistakes = 0;
        for (Eigen::Index j = 0; j < X.cols(); ++j) {
            const float z = r.p.w.dot(X.col(j)) - r.p.theta;
            const float y_hat = z >= 0 ? 1.0f : -1.0f;  // sign(z), sign(0) = +1
            if (y_hat != T(j)) {                        // a mistake: move towards t·x
                r.p.w += eta * T(j) * X.col(j);         // w ← w + η·t·x
                r.p.theta -= eta * T(j);                // θ ← θ − η·t
                ++mistakes;
            }
        }
        r.mistakes.push_back(mistakes);
        r.epochs = epoch;
        if (mistakes == 0) {
            r.converged = true;
            break;
        }
    }
    // Accuracy of sign(w·X − θ) over all samples, with the Sign kernel on `device`.
    const dl::Matrix Zm = (r.p.w.transpose() * X).array() - r.p.theta;  // 1 x m
    const dl::Tensor Z = dl::from_eigen(Zm).to(device);
    dl::Tensor A(Z.shape(), Z.dtype(), device);
    dl::activation_forward(dl::Activation::Sign, Z, A);
    const auto a = A.values();
    int right = 0;
    for (Eigen::Index j = 0; j < T.cols(); ++j) right += a[j] == T(j);
    r.accuracy = double(right) / double(T.cols());
    return r;
}

}  // namespace ch01
