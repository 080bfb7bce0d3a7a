/// @file gradients.cpp
/// @brief Gradient norms through time and the clipping demonstration (see gradients.hpp).
#include "gradients.hpp"

#include <cmath>
#include <limits>

#include "core/eigen_view.hpp"
#include "io/atomic_file.hpp"
#include "io/svg_plot.hpp"
#include "nn/rnn.hpp"
#include "nn/sequential.hpp"

namespace ch07 {

using namespace dl;

namespace {
/// The RNN layer of an adding model, its W_h scaled by `gain`.
void scale_recurrent_weights(nn::Model& m, double gain) {
    for (nn::Layer* l : m.layers())
        if (auto* r = dynamic_cast<nn::RNN*>(l)) mat<float>(r->W_h().value) *= float(gain);
}
}  // namespace

std::vector<double> rnn_norms_with_gain(int64_t T, int64_t H, int64_t B, double gain,
                                        uint64_t seed) {
    auto m = make_adding_model(Cell::RNN, H, T, B, {});
    Rng rng(seed);
    m->initialize(rng);
    scale_recurrent_weights(*m, gain);
    Tensor X(Shape::matrix(2, T * B)), Y(Shape::matrix(1, B));
    make_adding_batch(T, B, rng, X, Y);
    return adding_gradient_norms(*m, X, Y);
}

ClipDemo clipping_demo(int64_t T, int64_t H, int steps, double gain, double lr, double clip,
                       uint64_t seed) {
    ClipDemo d;
    d.T = T, d.gain = gain, d.lr = lr, d.clip = clip;
    const int64_t B = 32;
    for (int run = 0; run < 2; ++run) {
        const bool clipped = run == 1;
        auto m = make_adding_model(Cell::RNN, H, T, B, {});
        Rng rng(seed);  // the same start and the same data for both runs
        m->initialize(rng);
        scale_recurrent_weights(*m, gain);
        auto opt = nn::make_optimizer(nn::OptimizerKind::SGD, m->params(), lr);
        nn::MeanSquaredError mse;
        mse.reserve(Shape::matrix(1, B), {});
        Tensor X(Shape::matrix(2, T * B)), Y(Shape::matrix(1, B)), scratch(Shape::matrix(1, 1));
        auto& loss = clipped ? d.loss_clipped : d.loss_plain;
        auto& norm = clipped ? d.norm_clipped : d.norm_plain;
        bool dead = false;
        for (int s = 1; s <= steps; ++s) {
            make_adding_batch(T, B, rng, X, Y);
            if (dead) {
                loss.push_back(std::nan(""));
                norm.push_back(std::nan(""));
                continue;
            }
            const StepStats st = train_step(*m, mse, *opt, X, Y, clipped ? clip : 0.0, scratch,
                                            true);
            loss.push_back(st.loss);
            norm.push_back(st.grad_norm);
            if (!std::isfinite(st.loss) || !std::isfinite(st.grad_norm)) {
                dead = true;
                if (!clipped) d.diverged_at = s;
            }
        }
    }
    for (double g : d.norm_plain)
        if (std::isfinite(g)) d.max_norm_plain = std::max(d.max_norm_plain, g);
    auto tail_mean = [steps](const std::vector<double>& v) {
        double s = 0;
        int n = 0;
        for (int k = steps - std::max(1, steps / 10); k < steps; ++k) s += v[k], ++n;
        return s / n;  // NaN when the run diverged
    };
    d.final_plain = tail_mean(d.loss_plain);
    d.final_clipped = tail_mean(d.loss_clipped);
    return d;
}

void save_gradient_figure(const std::string& out, const AddingRun& rnn, const AddingRun& lstm,
                          const std::vector<double>& exploding, double gain) {
    SvgPlot p(cat("Gradient through time, T = ", rnn.T, ": ||dL/dh_t|| / ||dL/dh_{T-1}||"),
              "distance to the loss, T - 1 - t (steps)", "relative gradient norm");
    p.log_y();
    auto line = [&](const std::vector<double>& norms, const std::string& label, bool dashed) {
        std::vector<double> xs, ys;
        const double last = norms.back();
        for (std::size_t t = 0; t < norms.size(); ++t) {
            xs.push_back(double(norms.size() - 1 - t));
            ys.push_back(norms[t] / last);
        }
        p.line(xs, ys, label, dashed);
    };
    line(rnn.norms_trained, "RNN, trained", false);
    line(lstm.norms_trained, "LSTM, trained", false);
    line(rnn.norms_init, "RNN, at initialisation", true);
    line(lstm.norms_init, "LSTM, at initialisation", true);
    line(exploding, cat("RNN, W_h x ", gain, " at initialisation"), true);
    p.save(join_path(out, "gradient_norms.svg"));
}

void save_clipping_figure(const std::string& out, const ClipDemo& d) {
    std::vector<double> steps;
    for (std::size_t s = 1; s <= d.loss_plain.size(); ++s) steps.push_back(double(s));
    SvgPlot loss(cat("Gradient descent on the adding problem, T = ", d.T, ", W_h x ", d.gain),
                 "step", "training MSE");
    loss.log_y();
    loss.line(steps, d.loss_plain, "no clipping");
    loss.line(steps, d.loss_clipped, cat("global norm clipped at ", d.clip));
    SvgPlot norm("Global gradient norm ||g|| before clipping", "step", "||g||");
    norm.log_y();
    norm.line(steps, d.norm_plain, "no clipping");
    norm.line(steps, d.norm_clipped, cat("global norm clipped at ", d.clip));
    save_svg_grid({loss, norm}, 2, "Exploding gradients and clipping", join_path(out, "clipping.svg"));
}

}  // namespace ch07
