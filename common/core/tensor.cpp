#include "tensor.hpp"

#include <cmath>
#include <cstring>

#include "half.hpp"
#include "memory.hpp"

namespace dl {

Storage::Storage(std::size_t bytes, Device device)
    : data_(device_alloc(bytes, device)), bytes_(bytes), device_(device) {}

Storage::~Storage() { device_free(data_, device_); }

Tensor::Tensor(const Shape& shape, DType dtype, Device device)
    : shape_(shape), dtype_(dtype), device_(device) {
    require_device(device);
    std::size_t bytes = static_cast<std::size_t>(shape.numel()) * dtype_size(dtype);
    storage_ = std::make_shared<Storage>(bytes, device);
}

Tensor Tensor::zeros(const Shape& shape, DType dtype, Device device) {
    Tensor t(shape, dtype, device);
    t.fill(0.0);
    return t;
}

Tensor Tensor::full(const Shape& shape, double value, DType dtype, Device device) {
    Tensor t(shape, dtype, device);
    t.fill(value);
    return t;
}

Tensor Tensor::from_values(const Shape& shape, const std::vector<double>& values, DType dtype) {
    DL_CHECK(static_cast<int64_t>(values.size()) == shape.numel(), "from_values: shape ",
             shape.str(), " needs ", shape.numel(), " values, got ", values.size());
    Tensor t(shape, dtype, Device::CPU);
    for (std::size_t i = 0; i < values.size(); ++i) {
        switch (dtype) {
            case DType::F32: static_cast<float*>(t.raw())[i] = static_cast<float>(values[i]); break;
            case DType::F64: static_cast<double*>(t.raw())[i] = values[i]; break;
            case DType::F16: static_cast<uint16_t*>(t.raw())[i] = float_to_half_bits(static_cast<float>(values[i])); break;
            case DType::BF16: static_cast<uint16_t*>(t.raw())[i] = float_to_bfloat16_bits(static_cast<float>(values[i])); break;
        }
    }
    return t;
}

void* Tensor::raw() const {
    if (!storage_ || !storage_->data()) return nullptr;
    return static_cast<char*>(storage_->data()) + offset_bytes_;
}

Tensor Tensor::to(Device device) const {
    Tensor out(shape_, dtype_, device);
    out.copy_from(*this);
    return out;
}

void Tensor::copy_from(const Tensor& src) {
    DL_CHECK(src.shape_ == shape_ && src.dtype_ == dtype_, "copy_from: destination is ",
             describe(*this), ", source is ", describe(src));
    device_copy(raw(), device_, src.raw(), src.device_,
                static_cast<std::size_t>(numel()) * dtype_size(dtype_));
}

void Tensor::fill(double value) {
    if (empty()) return;
    const std::size_t n = static_cast<std::size_t>(numel());
    const std::size_t bytes = n * dtype_size(dtype_);
    if (value == 0.0 && !std::signbit(value)) {  // +0.0 is all zero bits in every format
        device_zero(raw(), device_, bytes);
        return;
    }
    // Build the pattern on the host; a GPU tensor receives it with one copy (fill is for
    // initialising and poisoning buffers, never on a hot path).
    std::vector<unsigned char> host;
    unsigned char* dst = static_cast<unsigned char*>(raw());
    if (device_ != Device::CPU) {
        host.resize(bytes);
        dst = host.data();
    }
    switch (dtype_) {
        case DType::F32: {
            float v = static_cast<float>(value);
            for (std::size_t i = 0; i < n; ++i) std::memcpy(dst + 4 * i, &v, 4);
            break;
        }
        case DType::F64:
            for (std::size_t i = 0; i < n; ++i) std::memcpy(dst + 8 * i, &value, 8);
            break;
        case DType::F16:
        case DType::BF16: {
            uint16_t v = dtype_ == DType::F16 ? float_to_half_bits(static_cast<float>(value))
                                              : float_to_bfloat16_bits(static_cast<float>(value));
            for (std::size_t i = 0; i < n; ++i) std::memcpy(dst + 2 * i, &v, 2);
            break;
        }
    }
    if (device_ != Device::CPU) device_copy(raw(), device_, host.data(), Device::CPU, bytes);
}

Tensor Tensor::slice_cols(int64_t begin, int64_t end) const {
    DL_CHECK(0 <= begin && begin <= end && end <= cols(), "slice_cols(", begin, ", ", end,
             "): expected 0 <= begin <= end <= ", cols(), " for ", describe(*this));
    Tensor view = *this;
    view.offset_bytes_ += static_cast<std::size_t>(begin * rows()) * dtype_size(dtype_);
    view.shape_ = shape_.with_cols(end - begin);
    return view;
}

Tensor Tensor::reshape(const Shape& shape) const {
    DL_CHECK(shape.numel() == numel(), "reshape: ", shape_.str(), " has ", numel(),
             " elements, ", shape.str(), " has ", shape.numel());
    Tensor view = *this;
    view.shape_ = shape;
    return view;
}

Tensor Tensor::first(const Shape& shape) const {
    DL_CHECK(shape.numel() <= numel(), "first(", shape.str(), "): needs ", shape.numel(),
             " elements, ", describe(*this), " has ", numel());
    Tensor view = *this;
    view.shape_ = shape;
    return view;
}

namespace {
double element_to_double(const unsigned char* p, DType t) {
    switch (t) {
        case DType::F32: { float v; std::memcpy(&v, p, 4); return v; }
        case DType::F64: { double v; std::memcpy(&v, p, 8); return v; }
        case DType::F16: { uint16_t v; std::memcpy(&v, p, 2); return half_bits_to_float(v); }
        case DType::BF16: { uint16_t v; std::memcpy(&v, p, 2); return bfloat16_bits_to_float(v); }
    }
    return NAN;
}
}  // namespace

double Tensor::at(int64_t r, int64_t c) const {
    DL_CHECK(0 <= r && r < rows() && 0 <= c && c < cols(), "at(", r, ", ", c,
             "): index out of range for ", describe(*this));
    const std::size_t es = dtype_size(dtype_);
    const std::size_t off = static_cast<std::size_t>(c * rows() + r) * es;
    unsigned char buf[8];
    device_copy(buf, Device::CPU, static_cast<const unsigned char*>(raw()) + off, device_, es);
    return element_to_double(buf, dtype_);
}

std::vector<double> Tensor::values() const {
    const std::size_t n = static_cast<std::size_t>(numel());
    const std::size_t es = dtype_size(dtype_);
    std::vector<unsigned char> host(n * es);
    device_copy(host.data(), Device::CPU, raw(), device_, n * es);
    std::vector<double> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = element_to_double(host.data() + i * es, dtype_);
    return out;
}

std::string describe(const Tensor& t) {
    return cat(t.shape().str(), " ", dtype_name(t.dtype()), " ", device_name(t.device()));
}

void check_same_device(const char* op, std::initializer_list<const Tensor*> tensors) {
    const Tensor* first = *tensors.begin();
    for (const Tensor* t : tensors)
        DL_CHECK(t->device() == first->device(), op, ": all tensors must be on one device, got ",
                 describe(*first), " and ", describe(*t));
}

void check_same_dtype(const char* op, std::initializer_list<const Tensor*> tensors) {
    const Tensor* first = *tensors.begin();
    for (const Tensor* t : tensors)
        DL_CHECK(t->dtype() == first->dtype(), op, ": all tensors must have one type, got ",
                 describe(*first), " and ", describe(*t));
}

}  // namespace dl
