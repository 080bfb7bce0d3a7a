/// @file model.cpp
/// @brief Building a model and running it (see model.hpp).
#include "model.hpp"

#include <cctype>
#include <cstdio>
#include <map>

#include "dense.hpp"
#include "residual.hpp"

namespace dl::nn {

namespace {

std::string lower(const char* s) {
    std::string out;
    for (; *s; ++s) out += char(std::tolower(static_cast<unsigned char>(*s)));
    return out;
}

void name_children(Layer& parent) {
    std::map<std::string, int> count;
    const bool residual = dynamic_cast<Residual*>(&parent) != nullptr;
    int index = 0;
    for (Layer* c : parent.children()) {
        std::string local = c->name();
        if (local.empty()) {
            if (residual)
                local = index == 0 ? "body" : "shortcut";
            else
                local = lower(c->kind()) + std::to_string(++count[lower(c->kind())]);
        }
        c->set_name(parent.name().empty() ? local : parent.name() + "." + local);
        name_children(*c);
        ++index;
    }
}

void collect(Layer& l, std::vector<Layer*>& out) {
    out.push_back(&l);
    for (Layer* c : l.children()) collect(*c, out);
}

}  // namespace

void name_layers(Layer& root) { name_children(root); }

Model::Model(std::unique_ptr<Layer> net, const Shape& input, int64_t max_batch,
             const Context& ctx)
    : net_(std::move(net)), input_(input), max_batch_(max_batch), ctx_(ctx) {
    DL_CHECK(net_ != nullptr, "Model: no network");
    DL_CHECK(max_batch > 0, "Model: the largest batch must be > 0, got ", max_batch);
    DL_CHECK(input.rank() >= 2 && input.rows() > 0, "Model: bad input shape ", input.str());
    // float16/bfloat16: the compute copy of a mixed-precision model (nn/mixed_precision.hpp
    // keeps its float32 master weights), for the layers whose kernels have 16-bit twins.
    DL_CHECK(ctx.dtype == DType::F32 || is_half(ctx.dtype) ||
                 (ctx.dtype == DType::F64 && ctx.device == Device::CPU),
             "Model: float32 (or float16/bfloat16 for mixed precision) on either device, or "
             "float64 on the CPU; got ", dtype_name(ctx.dtype), " on ", device_name(ctx.device));
    require_device(ctx.device);
    name_layers(*net_);
    const Shape in = input_.with_cols(max_batch);
    net_->declare(in, params_);
    params_.allocate(ctx);
    net_->reserve(in, ctx);
    out_ = Tensor(net_->out_shape(in), ctx.dtype, ctx.device);
}

const Tensor& Model::forward(const Tensor& X, const Pass& pass) {
    DL_CHECK(X.rows() == input_.rows(), "Model: expected inputs like ",
             input_.with_cols(X.cols()).str(), ", got ", X.shape().str());
    DL_CHECK(X.cols() <= max_batch_, "Model: a batch of ", X.cols(),
             " samples is more than the model was built for (", max_batch_, ")");
    DL_CHECK(X.device() == ctx_.device && X.dtype() == ctx_.dtype, "Model: inputs must be ",
             dtype_name(ctx_.dtype), " on ", device_name(ctx_.device), ", got ", dl::describe(X));
    // A batch given as its matrix view (features x m) is seen in the model's input shape.
    const Shape in = input_.with_cols(X.cols());
    X_ = X.shape() == in ? X : X.reshape(in);
    out_view_ = out_.first(net_->out_shape(X.shape()));
    net_->forward(X_, out_view_, pass);
    return out_view_;
}

void Model::backward(const Tensor& dY, Tensor* dX) {
    DL_CHECK(X_.shape().rank() > 0, "Model::backward before forward");
    DL_CHECK(dY.shape() == out_view_.shape(), "Model::backward: dY must have the output's shape ",
             out_view_.shape().str(), ", got ", dY.shape().str());
    net_->backward(X_, out_view_, dY, dX);
}

std::vector<Layer*> Model::layers() {
    std::vector<Layer*> out;
    collect(*net_, out);
    return out;
}

Layer& Model::layer(const std::string& name) {
    std::string names;
    for (Layer* l : layers()) {
        if (l->name() == name) return *l;
        if (!l->name().empty()) names += (names.empty() ? "" : ", ") + l->name();
    }
    fail("the model has no layer called '", name, "' (it has: ", names, ")");
}

std::string Model::summary() const {
    std::vector<Layer*> all;
    collect(*net_, all);
    std::string out;
    char line[256];
    std::snprintf(line, sizeof line, "%-28s %-34s %-14s %12s\n", "layer", "", "output",
                  "parameters");
    out += line;
    // Walk again with the shapes: each layer's input is its predecessor's output.
    struct Walker {
        const ParamStore& ps;
        std::string& out;
        void row(Layer& l, const Shape& in, int depth) {
            const Shape o = l.out_shape(in);
            int64_t n = 0;
            const std::string prefix = l.name() + ".";
            for (const auto& p : ps.params())
                if (p->name.compare(0, prefix.size(), prefix) == 0) n += p->shape.numel();
            char buf[256];
            const std::string nm = std::string(2 * depth, ' ') + (l.name().empty() ? "model" : l.name());
            std::snprintf(buf, sizeof buf, "%-28s %-34s %-14s %12lld\n", nm.c_str(),
                          l.describe().c_str(), sample_str(o).c_str(), (long long)n);
            out += buf;
            Shape s = in;
            const auto kids = l.children();
            const bool branches = dynamic_cast<Residual*>(&l) != nullptr;
            for (Layer* c : kids) {
                row(*c, branches ? in : s, depth + 1);
                if (!branches) s = c->out_shape(s);
            }
        }
    };
    Walker w{params_, out};
    // At the largest batch (not 1 column): a recurrent layer needs a multiple of its T steps.
    w.row(*net_, input_.with_cols(max_batch_), 0);
    std::snprintf(line, sizeof line, "total: %lld trainable parameters\n",
                  (long long)params_.count());
    out += line;
    return out;
}

std::string Model::describe() const {
    std::vector<Layer*> all;
    collect(*net_, all);
    std::string s = std::to_string(input_.rows());
    for (Layer* l : all)
        if (auto* d = dynamic_cast<Dense*>(l)) s += "-" + std::to_string(d->units());
    return s;
}

}  // namespace dl::nn
