// Graded: ch03.broadcast_shape_rule. Every compatible pattern and one error per mismatching
// dimension, the message naming both shapes.
#include <string>

#include "exercises/ch03.hpp"
#include "graded.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, BroadcastShapeRuleCompatible) {
    EXPECT_EQ(broadcast_shape_rule(Shape::matrix(3, 4), Shape::matrix(3, 4)), Shape::matrix(3, 4));
    EXPECT_EQ(broadcast_shape_rule(Shape::matrix(3, 4), Shape::row(4)), Shape::matrix(3, 4));
    EXPECT_EQ(broadcast_shape_rule(Shape::row(4), Shape::matrix(3, 4)), Shape::matrix(3, 4))
        << GRADED_HINT("the rule is symmetric: a size of 1 in either operand stretches");
    EXPECT_EQ(broadcast_shape_rule(Shape::matrix(3, 4), Shape::column(3)), Shape::matrix(3, 4));
    EXPECT_EQ(broadcast_shape_rule(Shape::column(3), Shape::row(4)), Shape::matrix(3, 4))
        << GRADED_HINT("each dimension on its own: rows from one operand, columns from the other");
    EXPECT_EQ(broadcast_shape_rule(Shape::matrix(1, 1), Shape::matrix(5, 2)), Shape::matrix(5, 2));
}

TEST(Graded, BroadcastShapeRuleIncompatible) {
    const std::pair<Shape, Shape> bad[] = {
        {Shape::matrix(3, 4), Shape::matrix(3, 3)},
        {Shape::matrix(3, 4), Shape::matrix(2, 4)},
        {Shape::matrix(3, 4), Shape::column(4)},
        {Shape::row(5), Shape::row(4)},
    };
    for (const auto& [a, b] : bad) {
        try {
            broadcast_shape_rule(a, b);
            ADD_FAILURE() << a << " and " << b << " accepted\n"
                          << GRADED_HINT("sizes that differ, neither of them 1, are an error");
        } catch (const NotImplemented& e) {
            ADD_FAILURE() << e.what();
        } catch (const Error& e) {
            const std::string msg = e.what();
            for (const Shape& s : {a, b})
                EXPECT_TRUE(msg.find(s.str()) != std::string::npos)
                    << "the message '" << msg << "' does not name " << s.str() << "\n"
                    << GRADED_HINT("name both shapes in the message: a.str(), b.str()");
        }
    }
}
