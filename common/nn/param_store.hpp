/// @file param_store.hpp
/// @brief dl::nn::ParamStore: every parameter of a model in ONE flat buffer, every gradient in
/// another.
///
/// Layers declare their parameters by name, shape and initialisation; the store lays them out
/// one after the other in a single contiguous block of memory and hands each layer views into
/// it:
///
///     values:  | dense1.W ........ | dense2.W .... | dense1.b | dense2.b | …
///     grads:   | d dense1.W ...... | d dense2.W .. | d dense1.b | …        (same offsets)
///
/// What this buys:
/// - clearing the gradients is one fill (zero_grad), and each optimizer step is one kernel over
///   the flat buffer (optimizer.hpp) instead of one call per tensor;
/// - the global gradient norm for clipping is one dot product;
/// - a data-parallel run averages the gradients of all processes with one all-reduce of one
///   buffer, and a mixed-precision run keeps an fp16/bf16 copy of the flat values (the same
///   offsets index both);
/// - a checkpoint is the flat buffers written out, with the names to check them on load.
///
/// Weight decay applies to weights, not to biases or batch norm's γ and β: each parameter
/// carries the flag, and the store puts the decayed ones first so the optimizer sees two
/// contiguous runs ("segments") instead of a per-element mask. A frozen parameter (transfer
/// learning) is a flag too: the optimizer skips its segment, nothing is copied.
///
/// Buffers are saved but not trained — batch norm's running mean and variance — and live in a
/// third flat block, apart from the parameters, so no optimizer ever touches them.
///
/// Each slot starts at a multiple of 16 elements (64 bytes in float32), so vector loads of any
/// parameter are aligned; the padding between slots is zero and stays zero under every update.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "../core/rng.hpp"
#include "init.hpp"
#include "layer.hpp"

namespace dl::nn {

/// How a slot is filled by ParamStore::initialize.
struct Fill {
    enum class Kind { Constant, Random, Blocks };
    Kind kind = Kind::Constant;
    double value = 0.0;      ///< Constant: every element (biases 0, batch norm's γ 1)
    Init init = Init::He;    ///< Random: the scheme of init.hpp
    int64_t fan_in = 0;      ///< Random: n[l−1] of the scheme (0: the slot's cols())
    std::vector<double> blocks;  ///< Blocks: one constant per equal run of elements

    static Fill constant(double v) { return {Kind::Constant, v, Init::Zeros, 0, {}}; }
    static Fill random(Init init, int64_t fan_in = 0) {
        return {Kind::Random, 0.0, init, fan_in, {}};
    }
    /// Constants by blocks (added for chapter 7): the slot's elements in blocks.size() equal
    /// consecutive runs, run k set to blocks[k]. An LSTM's bias [b_f; b_i; b_C; b_o] starts as
    /// Fill::blocks({1, 0, 0, 0}): forget gates open, the rest 0. The element count must divide.
    static Fill by_blocks(std::vector<double> values) {
        return {Kind::Blocks, 0.0, Init::Zeros, 0, std::move(values)};
    }
};

/// One trainable parameter: its name, shape, initialisation and flags, and (once the store has
/// allocated) its views into the flat value and gradient buffers.
struct Param {
    std::string name;     ///< "dense1.W", "block1.bn1.gamma"
    Shape shape;          ///< W: n[l] x n[l−1]; b: n[l] x 1; …
    Fill fill;
    bool decay = true;    ///< weight decay / L2 applies (weights yes; biases, γ, β no)
    bool frozen = false;  ///< left as it is by the optimizer (transfer learning)
    int64_t offset = 0;   ///< first element in the flat buffers
    Tensor value, grad;   ///< views into values() and grads()
};

/// A saved, untrained tensor (batch norm's running statistics).
struct Buffer {
    std::string name;
    Shape shape;
    Fill fill;
    int64_t offset = 0;
    Tensor value;
};

class ParamStore {
public:
    ParamStore() = default;
    ParamStore(const ParamStore&) = delete;
    ParamStore& operator=(const ParamStore&) = delete;

    /// Declares a parameter (before allocate()). The returned reference stays valid for the
    /// store's lifetime; its value and grad become usable after allocate(). Names are unique.
    Param& add(const std::string& name, const Shape& shape, Fill fill, bool decay);
    /// Declares a buffer (saved, not trained).
    Buffer& add_buffer(const std::string& name, const Shape& shape, Fill fill);

    /// Lays out the slots (decayed parameters first), allocates the three flat blocks on
    /// ctx.device in ctx.dtype, fills every value with zeros and binds the views.
    void allocate(const Context& ctx);
    bool allocated() const { return allocated_; }

    /// Fills every parameter and buffer by its Fill, in declaration order (so one seed gives
    /// one set of weights whatever the layout and the device: numbers are drawn on the CPU).
    void initialize(Rng& rng);

    /// Every gradient = 0: one fill of the flat gradient buffer.
    void zero_grad();

    /// The flat blocks, each [1 x N] (N includes the alignment padding).
    const Tensor& values() const { return values_; }
    const Tensor& grads() const { return grads_; }
    const Tensor& buffer_values() const { return buffers_; }

    /// Trainable parameters' elements (without padding).
    int64_t count() const;
    const std::vector<std::unique_ptr<Param>>& params() const { return params_; }
    const std::vector<std::unique_ptr<Buffer>>& buffers() const { return buffer_slots_; }
    /// The parameter or buffer called `name`; throws dl::Error listing the names otherwise.
    Param& param(const std::string& name) const;
    Buffer& buffer(const std::string& name) const;

    /// Freezes (or unfreezes) every parameter whose name starts with `prefix` ("" = all);
    /// returns how many it changed. Frozen parameters keep their values under every optimizer.
    int freeze(const std::string& prefix, bool frozen = true);

    /// A contiguous run [begin, end) of the flat buffers whose parameters share their flags.
    struct Segment {
        int64_t begin, end;
        bool decay;
    };
    /// The trainable (not frozen) runs, in order: at most two without frozen parameters.
    const std::vector<Segment>& segments() const { return segments_; }

    const Context& context() const { return ctx_; }

private:
    void bind_segments();

    std::vector<std::unique_ptr<Param>> params_;
    std::vector<std::unique_ptr<Buffer>> buffer_slots_;
    std::vector<Segment> segments_;
    Tensor values_, grads_, buffers_;
    Context ctx_;
    bool allocated_ = false;
};

}  // namespace dl::nn
