/// @file ewma.cpp
/// @brief Section 8: exponentially weighted averages (指数加权平均) of a noisy seasonal series,
/// β = 0.9, 0.98 and 0.5 as in the lecture, with and without the bias correction (偏差修正).
#include <cmath>
#include <cstdio>
#include <numeric>

#include "core/rng.hpp"
#include "exercises/ch05.hpp"
#include "io/svg_plot.hpp"
#include "sections.hpp"

namespace ch05 {

using namespace dl;

namespace {
/// The day of the maximum of a series over days [lo, hi).
int argmax(const std::vector<double>& v, int lo, int hi) {
    int best = lo;
    for (int i = lo; i < hi; ++i)
        if (v[i] > v[best]) best = i;
    return best;
}
}  // namespace

EwmaReport run_ewma(const Env& env) {
    std::printf("\n== 8. Exponentially weighted averages ==\n");
    EwmaReport r;
    // A year of daily temperatures: a seasonal curve peaking on day 200, plus noise.
    Rng rng(env.seed + 80);
    const int T = 365;
    std::vector<double> day(T), theta(T), season(T);
    for (int t = 0; t < T; ++t) {
        day[t] = t + 1;
        season[t] = 12.0 + 13.0 * std::cos(2 * M_PI * (t + 1 - 200) / 365.0);
        theta[t] = season[t] + rng.normal(0.0, 4.0);
    }
    // The averages, by your exercises::ewma.
    const auto v09 = exercises::ewma(theta, 0.9, false);
    const auto v098 = exercises::ewma(theta, 0.98, false);
    const auto v05 = exercises::ewma(theta, 0.5, false);
    const auto v098c = exercises::ewma(theta, 0.98, true);
    r.first_raw.assign(v098.begin(), v098.begin() + 5);
    r.first_corrected.assign(v098c.begin(), v098c.begin() + 5);
    std::printf("v_t = β·v_{t−1} + (1 − β)·θ_t averages about the last 1/(1 − β) days: β = 0.5 → "
                "2 days (noisy), 0.9 → 10 days, 0.98 → 50 days (smooth, but late).\n");
    r.lag_09 = argmax(v09, 100, 300) - argmax(season, 100, 300);
    r.lag_098 = argmax(v098, 100, 300) - argmax(season, 100, 300);
    std::printf("The peak of the average lags the season's by %.0f days for β = 0.9 and by %.0f "
                "days for β = 0.98.\n", r.lag_09, r.lag_098);
    std::printf("Bias correction for β = 0.98 (first days; the temperatures start near %.1f):\n",
                theta[0]);
    for (int t = 0; t < 5; ++t)
        std::printf("  day %d  θ = %5.1f   v = %5.2f   v/(1 − 0.98^%d) = %5.2f\n", t + 1, theta[t],
                    r.first_raw[t], t + 1, r.first_corrected[t]);
    std::printf("Without it the average starts near v_0 = 0; the correction fades once 0.98^t is "
                "small (after about 100 days).\n");

    SvgPlot p("Exponentially weighted averages", "day", "temperature");
    p.scatter(day, theta, std::vector<int>(T, 7), {}, 1.6);
    p.line(day, v05, "β = 0.5").line(day, v09, "β = 0.9").line(day, v098, "β = 0.98");
    SvgPlot q("Bias correction, β = 0.98", "day", "temperature");
    std::vector<double> d60(day.begin(), day.begin() + 60), t60(theta.begin(), theta.begin() + 60);
    q.scatter(d60, t60, std::vector<int>(60, 7), {}, 2.0);
    q.line(d60, std::vector<double>(v098.begin(), v098.begin() + 60), "without correction");
    q.line(d60, std::vector<double>(v098c.begin(), v098c.begin() + 60), "with v_t/(1 − β^t)");
    save_svg_grid({p, q}, 2, "A year of noisy daily temperatures and their averages",
                  figure(env, "ewma.svg"));
    return r;
}

Json to_json(const EwmaReport& r) {
    Json j = Json::object();
    j["first_v_beta_0.98"] = r.first_raw;
    j["first_v_corrected_beta_0.98"] = r.first_corrected;
    j["peak_lag_days_beta_0.9"] = r.lag_09;
    j["peak_lag_days_beta_0.98"] = r.lag_098;
    return j;
}

}  // namespace ch05
