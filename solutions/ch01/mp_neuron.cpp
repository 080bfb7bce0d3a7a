/// @file mp_neuron.cpp
/// @brief Reference solution of exercise ch01.mp_neuron (declared in exercises/ch01.hpp).
#include "exercises/ch01.hpp"

#include "kernels/scalar_math.hpp"

namespace dl::exercises {

/// y = f(Σᵢ wᵢxᵢ − θ) with f = step.
float mp_neuron(const Eigen::VectorXf& w, float theta, const Eigen::VectorXf& x) {
    DL_CHECK(w.size() == x.size(), "mp_neuron: w has ", w.size(), " weights but x has ", x.size(),
             " inputs");
    //! [mp_neuron]
    const float z = w.dot(x) - theta;  // Σᵢ wᵢxᵢ − θ
    return math::step(z);              // 1 if z ≥ 0, else 0
    //! [mp_neuron]
}

}  // namespace dl::exercises
