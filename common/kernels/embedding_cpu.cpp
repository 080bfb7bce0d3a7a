/// @file embedding_cpu.cpp
/// @brief CPU twin of dl::embedding_forward / embedding_backward (contract in embedding.hpp).
#include <cstring>

#include "embedding.hpp"

namespace dl::cpu {

namespace {

/// The id in column j as an index into the V columns of E; throws unless it is a whole number
/// in [0, V).
template <class T>
int64_t id_at(const T* ids, int64_t j, int64_t V, const char* op) {
    const T v = ids[j];
    const bool in_range = v >= T(0) && v < static_cast<T>(V);  // false for NaN
    const int64_t id = in_range ? static_cast<int64_t>(v) : -1;
    DL_CHECK(in_range && static_cast<T>(id) == v, op,
             ": the id in column ", j, " is ", v, ", expected a whole number in [0, ", V, ")");
    return id;
}

template <class T>
void forward_t(const Tensor& E, const Tensor& ids, Tensor& out) {
    const int64_t D = E.rows(), V = E.cols(), N = ids.cols();
    const T* e = E.data<T>();
    const T* id = ids.data<T>();
    T* o = out.data<T>();
    for (int64_t j = 0; j < N; ++j) {
        const int64_t v = id_at(id, j, V, "embedding_forward");
        std::memcpy(o + j * D, e + v * D, static_cast<std::size_t>(D) * sizeof(T));  // a column
    }
}

template <class T>
void backward_t(const Tensor& ids, const Tensor& dout, Tensor& dE) {
    const int64_t D = dE.rows(), V = dE.cols(), N = ids.cols();
    const T* id = ids.data<T>();
    const T* g = dout.data<T>();
    T* de = dE.data<T>();
    for (int64_t j = 0; j < N; ++j) {  // in order: a repeated id adds its columns one by one
        T* col = de + id_at(id, j, V, "embedding_backward") * D;
        const T* gj = g + j * D;
        for (int64_t d = 0; d < D; ++d) col[d] += gj[d];
    }
}

}  // namespace

void embedding_forward(const Tensor& E, const Tensor& ids, Tensor& out) {
    if (E.dtype() == DType::F64)
        forward_t<double>(E, ids, out);
    else
        forward_t<float>(E, ids, out);
}

void embedding_backward(const Tensor& ids, const Tensor& dout, Tensor& dE) {
    if (dE.dtype() == DType::F64)
        backward_t<double>(ids, dout, dE);
    else
        backward_t<float>(ids, dout, dE);
}

}  // namespace dl::cpu
