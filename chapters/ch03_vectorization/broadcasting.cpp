/// @file broadcasting.cpp
/// @brief The calorie table, the rank-1 pitfall, the shape rule (see broadcasting.hpp).
#include "broadcasting.hpp"

#include <iomanip>
#include <sstream>

#include "exercises/ch03.hpp"
#include "kernels/broadcast.hpp"
#include "kernels/matmul.hpp"
#include "kernels/reduce.hpp"

namespace ch03 {

using dl::Shape;
using dl::Tensor;

Tensor calorie_table() {
    // Column by column (column-major): apples, beef, eggs, potatoes.
    return Tensor::from_values(Shape::matrix(3, 4),
                               {56.0, 1.2, 1.8, 0.0, 104.0, 135.0, 4.4, 52.0, 99.0, 68.0, 8.0, 0.9});
}

CalorieResult calorie_percentages(dl::Device device) {
    const Tensor A = calorie_table().to(device);
    //! [calorie_percent]
    Tensor cal(Shape::row(4), dl::DType::F32, device);
    dl::col_sums(A, cal);                                   // cal = A.sum(axis=0), 1 x 4
    const Tensor hundred = Tensor::full(Shape::matrix(1, 1), 100.0, dl::DType::F32, device);
    const Tensor percent = dl::divide(dl::multiply(hundred, A), cal);  // [1x1]·[3x4] / [1x4]
    //! [calorie_percent]
    CalorieResult r;
    r.totals = cal.values();
    r.percent.assign(3, std::vector<double>(4));
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 4; ++j) r.percent[i][j] = percent.at(i, j);
    return r;
}

std::string rank1_demo() {
    std::ostringstream os;
    os << "   numpy: a = np.random.randn(5) has shape (5,): neither a row nor a column; a.T is a\n"
       << "   again, and np.dot(a, a.T) is a number, not the 5 x 5 outer product one expected.\n"
       << "   The course has no rank-1 shape:\n";
    try {
        const Shape bad{5};
        os << "     Shape{5} was accepted (unexpected): " << bad.str() << "\n";
    } catch (const dl::Error& e) {
        os << "     Shape{5} -> error: " << e.what() << "\n";
    }
    // A column a (5 x 1): a·aᵀ is 5 x 5, aᵀ·a is 1 x 1, and the shapes say so.
    const Tensor a = Tensor::from_values(Shape::column(5), {1, 2, 3, 4, 5});
    Tensor outer(Shape::matrix(5, 5)), inner(Shape::matrix(1, 1));
    dl::matmul(a, a, outer, dl::Trans::N, dl::Trans::T);
    dl::matmul(a, a, inner, dl::Trans::T, dl::Trans::N);
    os << "     a = Shape::column(5) = (1,2,3,4,5): a·aᵀ is " << outer.shape().str()
       << " (its last row: " << outer.at(4, 0) << " " << outer.at(4, 1) << " ... "
       << outer.at(4, 4) << "), aᵀ·a is " << inner.shape().str() << " = " << inner.at(0, 0)
       << "\n";
    // Adding a column to a row: numpy silently makes a matrix; here the shapes are explicit.
    const Tensor row = Tensor::from_values(Shape::row(3), {10, 20, 30});
    const Tensor col = Tensor::from_values(Shape::column(2), {1, 2});
    os << "     column [2 x 1] + row [1 x 3] -> " << dl::add(col, row).shape().str()
       << " (an outer sum, allowed by the rule and visible in the shapes)\n";
    return os.str();
}

std::string shape_rule_table() {
    const std::pair<Shape, Shape> pairs[] = {
        {Shape::matrix(3, 4), Shape::row(4)},    {Shape::matrix(3, 4), Shape::column(3)},
        {Shape::matrix(3, 4), Shape::matrix(1, 1)}, {Shape::column(3), Shape::row(4)},
        {Shape::matrix(3, 4), Shape::matrix(3, 3)}, {Shape::matrix(3, 4), Shape::column(4)},
    };
    std::ostringstream os;
    for (const auto& [a, b] : pairs) {
        os << "     " << std::left << std::setw(8) << a.str() << " with " << std::setw(8)
           << b.str() << " -> ";
        try {
            const Shape mine = dl::exercises::broadcast_shape_rule(a, b);  // the exercise
            const Shape kernel = dl::broadcast_shape(a, b, "add");        // the kernel's rule
            os << mine.str() << (mine == kernel ? "" : "  (differs from the kernel's rule!)")
               << "\n";
        } catch (const dl::Error& e) {
            os << "error: " << e.what() << "\n";
        }
    }
    return os.str();
}

}  // namespace ch03
