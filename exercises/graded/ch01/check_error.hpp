/// @file check_error.hpp
/// @brief A check shared by chapter 1's graded tests: a call must throw dl::Error for bad
/// input, and that error must not be the stub's dl::NotImplemented.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"

/// Expects `stmt` to throw a dl::Error other than dl::NotImplemented (a shape check).
#define CH01_EXPECT_SHAPE_ERROR(stmt)                                                   \
    do {                                                                                \
        try {                                                                           \
            stmt;                                                                       \
            ADD_FAILURE() << #stmt " did not throw dl::Error for mismatched sizes";      \
        } catch (const ::dl::NotImplemented& e) {                                       \
            ADD_FAILURE() << e.what();                                                  \
        } catch (const ::dl::Error&) {                                                  \
        }                                                                               \
    } while (0)
