/// @file gradients.cpp
/// @brief Section 6: vanishing and exploding gradients (梯度消失 / 梯度爆炸) in a 50-layer
/// network, and how the initialisation's scale decides which.
#include <cmath>
#include <cstdio>
#include <numeric>

#include "data/digits.hpp"
#include "data/fashion_mnist.hpp"
#include "io/svg_plot.hpp"
#include "kernels/axpby.hpp"
#include "kernels/batch.hpp"
#include "kernels/dot.hpp"
#include "nn/loss.hpp"
#include "nn/mlp.hpp"
#include "sections.hpp"

namespace ch05 {

using namespace dl;

GradientsReport run_gradients(const Env& env) {
    std::printf("\n== 6. Vanishing and exploding gradients ==\n");
    GradientsReport r;
    // One batch of images: Fashion-MNIST when installed, else the shipped 8x8 digits.
    ImageDataset d;
    if (env.have_fashion) {
        d = env.fashion().second;
    } else {
        Rng rng(env.seed);
        d = images_from_dataset(load_digits(find_dataset_file("digits.csv.gz")), 8, 8, 16);
    }
    const int64_t m = 128, n = d.features(), width = 64, layers = 50;
    const DeviceImages di = to_device(d, Device::CPU);
    std::vector<int32_t> ord(m);
    std::iota(ord.begin(), ord.end(), 0);
    Tensor X32(Shape::matrix(n, m)), Y32(Shape::matrix(d.classes, m));
    gather_batch(di.pixels, di.labels, DeviceArray<int32_t>(ord, Device::CPU), 0, di.scale, X32, Y32);
    const Tensor X = Tensor::from_values(X32.shape(), X32.values(), DType::F64);
    const Tensor Y = Tensor::from_values(Y32.shape(), Y32.values(), DType::F64);

    std::vector<int64_t> sizes = {n};
    for (int l = 1; l < layers; ++l) sizes.push_back(width);
    sizes.push_back(d.classes);
    std::printf("A %lld-layer ReLU network (%lld units per hidden layer) on %lld %s images, "
                "float64; gradient norms after one backward pass:\n", (long long)layers,
                (long long)width, (long long)m, env.have_fashion ? "Fashion-MNIST" : "8x8 digit");
    struct Scheme {
        const char* name;
        nn::Init init;
        double factor;  // times the scheme's standard deviation
    };
    const Scheme schemes[] = {{"0.01·N(0,1)", nn::Init::Small, 1.0},
                              {"Xavier √(1/n)", nn::Init::Xavier, 1.0},
                              {"He √(2/n)", nn::Init::He, 1.0},
                              {"√(4/n)", nn::Init::He, std::sqrt(2.0)}};
    SvgPlot p("Weight gradients ‖dW[l]‖", "layer l", "‖dW[l]‖ (log scale)");
    p.log_y();
    SvgPlot q("Backward signal ‖db[l]‖ = ‖Σ_j dZ[l]‖", "layer l", "‖db[l]‖ (log scale)");
    q.log_y();
    for (const Scheme& s : schemes) {
        //! [deep_gradients]
        auto model = nn::make_mlp_model(sizes, Activation::ReLU, s.init, m, {Device::CPU, DType::F64});
        Rng rng(env.seed + 60);
        model->initialize(rng);
        for (const auto& prm : model->params().params())
            if (prm->decay && s.factor != 1.0) scale(prm->value, s.factor);
        nn::SoftmaxCrossEntropy loss;
        loss.reserve(model->output_shape(m), model->context());
        model->zero_grad();
        loss.forward(model->forward(X, {true}), Y);
        model->backward(loss.dZ());
        auto norm = [](const Tensor& g) {
            Tensor s2(Shape::matrix(1, 1), DType::F64);
            dot(g, g, s2);
            return std::sqrt(s2.at(0, 0));
        };
        std::vector<double> norms, signal;  // ‖dW[l]‖_F and ‖db[l]‖ for l = 1 … L
        for (int64_t l = 1; l <= layers; ++l) {
            norms.push_back(norm(model->params().param(cat("dense", l, ".W")).grad));
            signal.push_back(norm(model->params().param(cat("dense", l, ".b")).grad));
        }
        //! [deep_gradients]
        std::printf("  %-14s ‖dW‖ at layers 1, 25, 50: %8.1e %8.1e %8.1e   ‖db‖: %8.1e %8.1e %8.1e\n",
                    s.name, norms[0], norms[24], norms[49], signal[0], signal[24], signal[49]);
        std::vector<double> ls(norms.size());
        std::iota(ls.begin(), ls.end(), 1.0);
        p.line(ls, norms, s.name);
        q.line(ls, signal, s.name);
        r.signal.push_back(signal);
        r.inits.push_back(s.name);
        r.norms.push_back(norms);
    }
    std::printf("Going back through a ReLU layer multiplies the signal dZ by about √(n·Var(W)/2): "
                "below 1 it vanishes geometrically towards layer 1 (0.01, Xavier), above 1 it "
                "explodes (√(4/n)); He's 2/n keeps it level. dW[l] = dZ[l]·A[l−1]ᵀ also carries the "
                "forward activations, which shrink or grow by the same factor the other way, so "
                "every layer's dW is about equally tiny or huge: 10^-62 or 10^7 instead of 0.1.\n");
    save_svg_grid({p, q}, 2, "A 50-layer ReLU network at initialisation: gradients by layer",
                  figure(env, "gradient_norms.svg"));
    return r;
}

Json to_json(const GradientsReport& r) {
    Json j = Json::object();
    for (std::size_t i = 0; i < r.inits.size(); ++i) {
        j[r.inits[i]]["dW_norm"] = r.norms[i];
        j[r.inits[i]]["db_norm"] = r.signal[i];
    }
    return j;
}

}  // namespace ch05
