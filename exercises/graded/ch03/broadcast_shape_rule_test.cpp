// Graded: ch03.broadcast_shape_rule. Every compatible pattern and one error per mismatching
// dimension, the message naming both shapes.
#include <string>

#include "exercises/ch03.hpp"
#include "test_util.hpp"

using namespace dl;
using namespace dl::exercises;

TEST(Graded, BroadcastShapeRuleCompatible) {
    EXPECT_EQ(broadcast_shape_rule(Shape::matrix(3, 4), Shape::matrix(3, 4)), Shape::matrix(3, 4));
    EXPECT_EQ(broadcast_shape_rule(Shape::matrix(3, 4), Shape::row(4)), Shape::matrix(3, 4));
    EXPECT_EQ(broadcast_shape_rule(Shape::row(4), Shape::matrix(3, 4)), Shape::matrix(3, 4));
    EXPECT_EQ(broadcast_shape_rule(Shape::matrix(3, 4), Shape::column(3)), Shape::matrix(3, 4));
    EXPECT_EQ(broadcast_shape_rule(Shape::column(3), Shape::row(4)), Shape::matrix(3, 4));
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
            ADD_FAILURE() << a << " and " << b << " accepted";
        } catch (const Error& e) {
            const std::string msg = e.what();
            EXPECT_NE(msg.find(a.str()), std::string::npos) << msg;
            EXPECT_NE(msg.find(b.str()), std::string::npos) << msg;
        }
    }
}
