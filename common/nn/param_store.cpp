/// @file param_store.cpp
/// @brief The flat parameter, gradient and buffer blocks (see param_store.hpp).
#include "param_store.hpp"

#include <algorithm>

namespace dl::nn {

namespace {
constexpr int64_t kAlign = 16;  // elements: 64 bytes in float32

int64_t align_up(int64_t n) { return (n + kAlign - 1) / kAlign * kAlign; }

void fill_slot(Tensor& t, const Fill& f, Rng& rng) {
    if (f.kind == Fill::Kind::Constant) {
        t.fill(f.value);
        return;
    }
    if (f.kind == Fill::Kind::Blocks) {  // equal runs of constants (an LSTM's gate biases)
        const int64_t n = t.numel(), k = static_cast<int64_t>(f.blocks.size());
        DL_CHECK(k > 0 && n % k == 0, "Fill::by_blocks: ", k, " blocks do not divide the ", n,
                 " elements of ", t.shape().str());
        std::vector<double> v(static_cast<std::size_t>(n));
        for (int64_t i = 0; i < n; ++i) v[i] = f.blocks[i / (n / k)];
        t.copy_from(Tensor::from_values(t.shape(), v, t.dtype()));
        return;
    }
    const int64_t fan_in = f.fan_in > 0 ? f.fan_in : t.cols();
    if (f.init == Init::Zeros)
        t.fill(0.0);
    else
        rng.fill_normal(t, 0.0, init_stddev(f.init, fan_in));
}

std::string names_of(const std::vector<std::unique_ptr<Param>>& ps) {
    std::string s;
    for (const auto& p : ps) s += (s.empty() ? "" : ", ") + p->name;
    return s.empty() ? "(none)" : s;
}
}  // namespace

Param& ParamStore::add(const std::string& name, const Shape& shape, Fill fill, bool decay) {
    DL_CHECK(!allocated_, "ParamStore: parameter '", name, "' declared after allocate()");
    DL_CHECK(!name.empty(), "ParamStore: a parameter needs a name");
    for (const auto& p : params_)
        DL_CHECK(p->name != name, "ParamStore: two parameters are called '", name, "'");
    auto p = std::make_unique<Param>();
    p->name = name;
    p->shape = shape;
    p->fill = fill;
    p->decay = decay;
    params_.push_back(std::move(p));
    return *params_.back();
}

Buffer& ParamStore::add_buffer(const std::string& name, const Shape& shape, Fill fill) {
    DL_CHECK(!allocated_, "ParamStore: buffer '", name, "' declared after allocate()");
    for (const auto& b : buffer_slots_)
        DL_CHECK(b->name != name, "ParamStore: two buffers are called '", name, "'");
    auto b = std::make_unique<Buffer>();
    b->name = name;
    b->shape = shape;
    b->fill = fill;
    buffer_slots_.push_back(std::move(b));
    return *buffer_slots_.back();
}

void ParamStore::allocate(const Context& ctx) {
    DL_CHECK(!allocated_, "ParamStore: allocate() called twice");
    ctx_ = ctx;
    // Decayed parameters first, then the rest, each in declaration order.
    int64_t n = 0;
    for (bool decayed : {true, false})
        for (auto& p : params_)
            if (p->decay == decayed) {
                p->offset = n;
                n += align_up(p->shape.numel());
            }
    values_ = Tensor::zeros(Shape::row(n), ctx.dtype, ctx.device);
    grads_ = Tensor::zeros(Shape::row(n), ctx.dtype, ctx.device);
    for (auto& p : params_) {
        const int64_t k = p->shape.numel();
        p->value = values_.slice_cols(p->offset, p->offset + k).reshape(p->shape);
        p->grad = grads_.slice_cols(p->offset, p->offset + k).reshape(p->shape);
    }
    int64_t nb = 0;
    for (auto& b : buffer_slots_) {
        b->offset = nb;
        nb += align_up(b->shape.numel());
    }
    buffers_ = Tensor::zeros(Shape::row(nb), ctx.dtype, ctx.device);
    for (auto& b : buffer_slots_)
        b->value = buffers_.slice_cols(b->offset, b->offset + b->shape.numel()).reshape(b->shape);
    allocated_ = true;
    bind_segments();
}

void ParamStore::bind_segments() {
    // Slot i owns [offset_i, offset_i + aligned size): its padding travels with it.
    std::vector<const Param*> order;
    for (const auto& p : params_) order.push_back(p.get());
    std::sort(order.begin(), order.end(),
              [](const Param* a, const Param* b) { return a->offset < b->offset; });
    segments_.clear();
    for (const Param* p : order) {
        if (p->frozen) continue;
        const int64_t begin = p->offset, end = p->offset + align_up(p->shape.numel());
        if (!segments_.empty() && segments_.back().end == begin &&
            segments_.back().decay == p->decay)
            segments_.back().end = end;
        else
            segments_.push_back({begin, end, p->decay});
    }
}

void ParamStore::initialize(Rng& rng) {
    DL_CHECK(allocated_, "ParamStore: initialize() before allocate()");
    for (auto& p : params_) fill_slot(p->value, p->fill, rng);
    for (auto& b : buffer_slots_) fill_slot(b->value, b->fill, rng);
}

void ParamStore::zero_grad() { grads_.fill(0.0); }

int64_t ParamStore::count() const {
    int64_t n = 0;
    for (const auto& p : params_) n += p->shape.numel();
    return n;
}

Param& ParamStore::param(const std::string& name) const {
    for (const auto& p : params_)
        if (p->name == name) return *p;
    fail("no parameter called '", name, "' (the model has: ", names_of(params_), ")");
}

Buffer& ParamStore::buffer(const std::string& name) const {
    for (const auto& b : buffer_slots_)
        if (b->name == name) return *b;
    fail("no buffer called '", name, "'");
}

int ParamStore::freeze(const std::string& prefix, bool frozen) {
    int changed = 0;
    for (auto& p : params_)
        if (p->name.compare(0, prefix.size(), prefix) == 0 && p->frozen != frozen) {
            p->frozen = frozen;
            ++changed;
        }
    if (allocated_) bind_segments();
    return changed;
}

}  // namespace dl::nn
