// The last check of every chapter program: a NaN or infinite result (written as null in the
// JSON text) is named by its path, so a diverged run cannot end with exit status 0.
#include <cmath>
#include <limits>

#include "io/finite_results.hpp"
#include "io/json.hpp"
#include "test_util.hpp"

using namespace dl;


TEST(FiniteResults, FiniteResultsPass) {
    Json j = Json::object();
    j["accuracy"] = 0.97;
    j["name"] = "null and nan in a string are text";
    j["gates"]["and"]["w"] = std::vector<double>{1, 2};
    j["flags"] = std::vector<bool>{true, false};
    j["empty"] = Json::array();
    j["nothing"] = Json::object();
    EXPECT_NO_THROW(require_finite_results(j));
    EXPECT_NO_THROW(require_finite_results(std::string(R"({"a" : [1e-5, -2.5E+3, "\"null\""]})")));
}

TEST(FiniteResults, TheFirstNonFiniteValueIsNamedByItsPath) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    Json j = Json::object();
    j["accuracy"] = 0.5;
    j["gates"]["and"]["converged"] = false;
    j["gates"]["and"]["w"] = std::vector<double>{0.5, nan};
    j["final_cost"] = inf;
    const std::string m = test::error_of([&] { require_finite_results(j, "--lr 3e+38 is too large"); });
    EXPECT_EQ(m, "the result gates.and.w[1] is not a finite number (NaN or infinite): the "
                 "computation diverged or overflowed; --lr 3e+38 is too large");
    Json k = Json::object();
    k["confusion"] = std::vector<std::vector<double>>{{1, 2}, {3, inf}};
    EXPECT_NE(test::error_of([&] { require_finite_results(k); }).find("the result confusion[1][1] is"),
              std::string::npos);
    Json rows = Json::array();
    Json row = Json::object();
    row["loss"] = nan;
    rows.push_back(row);
    Json top = Json::object();
    top["history"] = rows;
    EXPECT_NE(test::error_of([&] { require_finite_results(top); }).find("history[0].loss"),
              std::string::npos);
}

TEST(FiniteResults, TextThatIsNotJsonIsAnError) {
    for (const char* bad : {"{", "{\"a\" 1}", "[1,]x", "\"open", "{\"a\":1}}", ""})
        EXPECT_NE(test::error_of([&] { require_finite_results(std::string(bad)); }).find("are not JSON"),
                  std::string::npos)
            << bad;
}
