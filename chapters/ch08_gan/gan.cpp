/// @file gan.cpp
/// @brief The two steps of the adversarial game (see gan.hpp).
#include "gan.hpp"

#include <cmath>
#include <limits>

#include "kernels/rows.hpp"

namespace ch08 {

using namespace dl;

namespace {

double sigmoid(double t) {
    return t >= 0 ? 1.0 / (1.0 + std::exp(-t)) : std::exp(t) / (1.0 + std::exp(t));
}

double mean_sigmoid(const MatrixD& a) {
    double s = 0;
    for (Eigen::Index j = 0; j < a.cols(); ++j) s += sigmoid(a(0, j));
    return s / double(a.cols());
}

/// Writes host numbers into a CPU tensor of either float type.
void write_host(Tensor& t, const double* v) {
    if (t.dtype() == DType::F64) {
        double* p = t.data<double>();
        for (int64_t i = 0; i < t.numel(); ++i) p[i] = v[i];
    } else {
        float* p = t.data<float>();
        for (int64_t i = 0; i < t.numel(); ++i) p[i] = float(v[i]);
    }
}

}  // namespace

Gan::Gan(std::unique_ptr<nn::Sequential> G, std::unique_ptr<nn::Sequential> D,
         const Shape& sample, const GanOptions& o, Rng& init)
    : o_(o), sample_(sample), noise_(o.seed * 7919 + 17) {
    DL_CHECK(sample.cols() == 1, "Gan: give the shape of one sample, got ", sample.str());
    DL_CHECK(o.z_dim >= 1 && o.batch >= 1 && o.pack >= 1 && o.classes >= 0,
             "Gan: expected z_dim, batch, pack >= 1, got ", o.z_dim, ", ", o.batch, ", ", o.pack);
    DL_CHECK(o.batch % o.pack == 0, "Gan: the batch (", o.batch, ") must be a multiple of the "
             "pack size (", o.pack, ")");
    DL_CHECK(o.pack == 1 || o.classes == 0, "Gan: packing and labels together are not supported");
    n_ = sample.numel();
    const int64_t K = o.classes, m = o.batch, md = m / o.pack;
    G_ = std::make_unique<nn::Model>(std::move(G), Shape::column(o.z_dim + K), m, o.ctx);
    const Shape d_in = K > 0 ? Shape::column(n_ + K) : o.pack > 1 ? Shape::column(o.pack * n_) : sample;
    D_ = std::make_unique<nn::Model>(std::move(D), d_in, md, o.ctx);
    DL_CHECK(G_->output_shape(1) == sample, "Gan: the generator makes ",
             G_->output_shape(1).str(), " samples, the data are ", sample.str());
    DL_CHECK(D_->output_shape(1) == Shape::row(1), "Gan: the discriminator must end in one logit "
             "per sample, it gives ", D_->output_shape(1).str());
    G_->initialize(init);
    D_->initialize(init);
    nn::OptimizerSettings s;
    s.beta1 = o.beta1;
    s.beta2 = o.beta2;
    opt_g_ = nn::make_optimizer(nn::OptimizerKind::Adam, G_->params(), o.lr_g, s);
    opt_d_ = nn::make_optimizer(nn::OptimizerKind::Adam, D_->params(), o.lr_d, s);

    const Device dev = o.ctx.device;
    const DType dt = o.ctx.dtype;
    z_ = Tensor(Shape::matrix(o.z_dim, m), dt, dev);
    host_ = Tensor(Shape::matrix(std::max(o.z_dim, int64_t(1)), m), dt, Device::CPU);
    if (K > 0) {
        g_in_ = Tensor(Shape::matrix(o.z_dim + K, m), dt, dev);
        d_in_ = Tensor(Shape::matrix(n_ + K, m), dt, dev);
        dfake_ = Tensor(Shape::matrix(n_, m), dt, dev);
    }
    dlogit_ = Tensor(Shape::row(md), dt, dev);
    dx_d_ = Tensor(d_in.with_cols(md), dt, dev);
    norm_scratch_ = Tensor(Shape::matrix(1, 1), dt, dev);
    z_host_.resize(std::size_t(o.z_dim * m));
}

const Tensor& Gan::draw_input(const Tensor* Y) {
    DL_CHECK((o_.classes > 0) == (Y != nullptr), "Gan: a conditional GAN needs labels, a plain "
             "one none");
    const int64_t m = o_.batch;
    for (double& v : z_host_) v = noise_.normal();  // z ~ N(0, I)
    Tensor zh = host_.first(z_.shape());
    write_host(zh, z_host_.data());
    z_.copy_from(zh);
    if (!Y) return z_;
    DL_CHECK(Y->rows() == o_.classes && Y->cols() == m, "Gan: expected labels [", o_.classes,
             " x ", m, "], got ", Y->shape().str());
    repeat_rows(z_, 0, o_.z_dim, 1, g_in_, 0);      // [z;
    repeat_rows(*Y, 0, o_.classes, 1, g_in_, o_.z_dim);  //  y]
    return g_in_;
}

const Tensor& Gan::d_input(const Tensor& S, const Tensor* Y) {
    if (o_.classes > 0) {
        DL_CHECK(Y && Y->rows() == o_.classes && Y->cols() == S.cols(), "Gan: expected labels [",
                 o_.classes, " x ", S.cols(), "]");
        d_in_view_ = d_in_.first(Shape::matrix(n_ + o_.classes, S.cols()));
        repeat_rows(S, 0, n_, 1, d_in_view_, 0);             // [x;
        repeat_rows(*Y, 0, o_.classes, 1, d_in_view_, n_);   //  y]
        return d_in_view_;
    }
    if (o_.pack > 1) {
        //! [pack]
        // pac neighbouring columns of [n x m] are one column of [pac·n x m/pac]: same memory.
        packed_ = S.reshape(Shape::matrix(o_.pack * n_, S.cols() / o_.pack));
        //! [pack]
        return packed_;
    }
    return S;
}

MatrixD Gan::logits(const Tensor& a) const {
    const std::vector<double> v = a.values();
    MatrixD out(1, Eigen::Index(v.size()));
    for (std::size_t j = 0; j < v.size(); ++j) out(0, Eigen::Index(j)) = v[j];
    return out;
}

const Tensor& Gan::upload(const MatrixD& d, const Shape& shape) {
    DL_CHECK(d.rows() == 1 && d.cols() == shape.numel(), "Gan: the loss returned a gradient of ",
             d.rows(), " x ", d.cols(), " for ", shape.numel(), " logits");
    dlogit_view_ = dlogit_.first(shape);
    if (dlogit_view_.is_cpu()) {
        write_host(dlogit_view_, d.data());
    } else {
        Tensor h = host_.first(shape);
        write_host(h, d.data());
        dlogit_view_.copy_from(h);
    }
    return dlogit_view_;
}

//! [d_step]
StepStats Gan::d_step(const Tensor& X, const Tensor* Y) {
    DL_CHECK(X.cols() == o_.batch && X.rows() == n_, "Gan::d_step: expected a batch of ",
             o_.batch, " samples of ", n_, " numbers, got ", X.shape().str());
    StepStats st;
    const nn::Pass train{true, uint64_t(opt_d_->steps()), o_.seed};
    D_->zero_grad();  // clears what the last G step left in D's gradients, too

    // Real half: a_r = D(x). Its gradient (σ(a_r) − 1)/m needs the real logits only, so it is
    // back-propagated now, before the fake half's forward pass replaces D's activations.
    const MatrixD a_r = logits(D_->forward(d_input(X, Y), train));
    MatrixD d_r, d_f;
    const MatrixD none = MatrixD::Zero(1, 1);  // the fake half comes next
    dl::exercises::discriminator_loss(a_r, none, d_r, d_f);
    D_->backward(upload(d_r, D_->output_shape(a_r.cols())));  // dθ_D += ∂J_real/∂θ_D

    // Fake half: a_f = D(G(z)); G's sample is only data here (no gradient goes back to G).
    const Tensor& fake = G_->forward(draw_input(Y), train);
    const MatrixD a_f = logits(D_->forward(d_input(fake, Y), train));
    st.d_loss = dl::exercises::discriminator_loss(a_r, a_f, d_r, d_f);  // J_D, both halves
    D_->backward(upload(d_f, D_->output_shape(a_f.cols())));  // dθ_D += ∂J_fake/∂θ_D

    opt_d_->step();  // θ_D moves; θ_G does not
    st.d_real = mean_sigmoid(a_r);
    st.d_fake = mean_sigmoid(a_f);
    return st;
}
//! [d_step]

//! [g_step]
StepStats Gan::g_step(const Tensor* Y, bool grad_norm) {
    StepStats st;
    const nn::Pass train{true, uint64_t(opt_g_->steps()), o_.seed};
    G_->zero_grad();
    const Tensor& fake = G_->forward(draw_input(Y), train);       // G(z)
    const MatrixD a = logits(D_->forward(d_input(fake, Y), train));  // a = D(G(z))
    MatrixD d;
    st.g_loss = dl::exercises::generator_loss(a, d, o_.loss);     // J_G and ∂J_G/∂a
    // D's backward pass carries ∂J_G/∂a to ∂J_G/∂(its input). It also adds ∂J_G/∂θ_D to D's
    // gradient buffer, which is never used: D's optimizer does not step here, and the next D
    // step clears it first.
    Tensor dx = dx_d_.first(D_->input_shape(a.cols()));
    D_->backward(upload(d, D_->output_shape(a.cols())), &dx);
    Tensor dfake;
    if (o_.classes > 0) {  // ∂J/∂[x; y]: keep the rows of x
        dfake = dfake_.first(Shape::matrix(n_, fake.cols()));
        sum_row_groups(dx, 0, n_, 1, dfake, 0);
    } else {
        dfake = dx;  // packed or not, the same memory as G's output
    }
    G_->backward(dfake.reshape(fake.shape()));  // dθ_G += ∂J_G/∂θ_G
    if (grad_norm)
        st.g_grad_norm = nn::clip_grad_norm(G_->params(), std::numeric_limits<double>::infinity(),
                                            norm_scratch_);
    opt_g_->step();  // θ_G moves; θ_D does not
    st.d_fake = mean_sigmoid(a);
    return st;
}
//! [g_step]

void Gan::generate(const Tensor& Z, const Tensor* Y, Tensor& out, bool training) {
    DL_CHECK(Z.rows() == o_.z_dim && out.cols() == Z.cols() && out.rows() == n_,
             "Gan::generate: expected Z [", o_.z_dim, " x n] and out of n samples of ", n_,
             ", got ", Z.shape().str(), " and ", out.shape().str());
    DL_CHECK((o_.classes > 0) == (Y != nullptr), "Gan::generate: labels only for a conditional GAN");
    const nn::Pass pass{training, 0, o_.seed};
    for (int64_t j0 = 0; j0 < Z.cols(); j0 += o_.batch) {
        const int64_t j1 = std::min(Z.cols(), j0 + o_.batch), m = j1 - j0;
        Tensor in = Z.slice_cols(j0, j1);
        if (Y) {
            Tensor gi = g_in_.first(Shape::matrix(o_.z_dim + o_.classes, m));
            repeat_rows(in, 0, o_.z_dim, 1, gi, 0);
            const Tensor y = Y->slice_cols(j0, j1);
            repeat_rows(y, 0, o_.classes, 1, gi, o_.z_dim);
            in = gi;
        }
        const Tensor& g = G_->forward(in, pass);
        Tensor dst = out.slice_cols(j0, j1);
        dst.copy_from(g.reshape(dst.shape()));
    }
}

std::vector<double> Gan::judge(const Tensor& X) {
    DL_CHECK(o_.classes == 0, "Gan::judge: only for an unconditional discriminator");
    DL_CHECK(X.rows() == n_, "Gan::judge: expected samples of ", n_, " numbers, got ",
             X.shape().str());
    const int64_t md = o_.batch / o_.pack, N = X.cols();
    const std::vector<double> x = X.values();
    std::vector<double> out;
    out.reserve(std::size_t(N));
    const nn::Pass eval{false, 0, o_.seed};
    for (int64_t j0 = 0; j0 < N; j0 += md) {
        const int64_t m = std::min(md, N - j0);
        // A pack of `pack` copies of the same point: D's verdict on "x, x, …, x".
        std::vector<double> packs(std::size_t(m * o_.pack * n_));
        for (int64_t j = 0; j < m; ++j)
            for (int p = 0; p < o_.pack; ++p)
                for (int64_t i = 0; i < n_; ++i)
                    packs[std::size_t((j * o_.pack + p) * n_ + i)] = x[std::size_t((j0 + j) * n_ + i)];
        const Tensor in = Tensor::from_values(D_->input_shape(m), packs, o_.ctx.dtype)
                              .to(o_.ctx.device);
        const std::vector<double> a = D_->forward(in, eval).values();
        for (double v : a) out.push_back(sigmoid(v));
    }
    return out;
}

}  // namespace ch08
