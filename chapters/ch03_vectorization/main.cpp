/// @file main.cpp
/// @brief Chapter 3: vectorization (向量化) and broadcasting (广播).
///
/// Sections: the 1,000,000-element dot product as a loop, vectorized and on the GPU; the
/// logistic-regression gradient step with two for-loops and vectorized; the matrix product in
/// four stages against this machine's measured peak; broadcasting with the calorie table; the
/// rank-1 pitfall.
#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "broadcasting.hpp"
#include "cli/args.hpp"
#include "exercises/linked.hpp"
#include "cli/progress.hpp"
#include "dot_product.hpp"
#include "gemm_stages.hpp"
#include "gradient_step.hpp"
#include "io/atomic_file.hpp"
#include "io/finite_results.hpp"
#include "io/json.hpp"
#include "io/svg_plot.hpp"

namespace {

std::string fixed(double v, int digits = 3) {
    std::ostringstream os;
    os << std::fixed << std::setprecision(digits) << v;
    return os.str();
}

double round_to(double v, int digits) {
    const double s = std::pow(10.0, digits);
    return std::round(v * s) / s;
}

}  // namespace

int main(int argc, char** argv) {
    return dl::run_main("ch03_vectorization", [&] {
        dl::CommonOptions opts;
        opts.out = "figures/ch03";
        int64_t dot_n = 1000000;
        int features = 20;
        int dot_n_int = static_cast<int>(dot_n);
        dl::ArgParser args("ch03_vectorization",
                           "Chapter 3: explicit loops against vectorized code (the 1,000,000-"
                           "element dot product,\nthe logistic-regression gradient step, the "
                           "matrix product in four stages) and numpy's\nbroadcasting rule with "
                           "the lecture's calorie table.");
        args.add_common(opts);
        args.add_int("--dot-n", "length of the vectors of the dot product", &dot_n_int, 1);
        args.add_int("--features", "n, the features of the gradient-step experiment", &features, 1);
        args.add_epilog(
            "--epochs, --lr and --data are accepted for uniformity and not used here.\n"
            "--quick times smaller matrices (n = 64..256) and fewer sample counts.\n"
            "\nTry:\n"
            "  ch03_vectorization --dot-n 100000000   a bigger dot product (0.8 GB of floats)\n"
            "  ch03_vectorization --device cuda       adds the GPU's dot product\n");
        if (!args.parse(argc, argv)) return 0;
        dot_n = dot_n_int;
        dl::require_device(opts.device);
        dl::ensure_writable_dir(opts.out);
        const bool gpu = opts.device == dl::Device::CUDA;
        const bool progress = dl::progress_enabled(opts.json);

        dl::Json json = dl::Json::object();
        json["chapter"] = 3;
        json["device"] = dl::device_name(opts.device);
        json["seed"] = opts.seed;
        std::vector<std::string> figures;
        std::cout << "Chapter 3: vectorization and broadcasting (device "
                  << dl::device_name(opts.device) << ", seed " << opts.seed << ")\n"
                  << "Exercises: " << dl::exercises::linked() << "\n\n";

        // ---- 1. The dot product -----------------------------------------------------------
        const ch03::DotTimes d = ch03::time_dot(dot_n, opts.seed, gpu);
        const double speedup = d.loop_ms / d.vectorized_ms;
        std::cout << "1. Dot product of two " << dot_n << "-element float vectors, U[0,1)\n"
                  << "   explicit loop:    " << std::setw(9) << fixed(d.loop_ms, 3)
                  << " ms   c = " << std::setprecision(10) << d.loop_value << "\n"
                  << "   vectorized:       " << std::setw(9) << fixed(d.vectorized_ms, 3)
                  << " ms   c = " << d.vectorized_value << "   speed-up " << fixed(speedup, 1)
                  << "x\n";
        if (gpu)
            std::cout << "   GPU (" << dl::cuda_device_name() << "): " << std::setw(9)
                      << fixed(d.gpu_ms, 3) << " ms   c = " << d.gpu_value << "   speed-up "
                      << fixed(d.loop_ms / d.gpu_ms, 1) << "x over the loop\n";
        const double rel_loop = std::abs(d.loop_value - d.exact) / d.exact;
        const double rel_vec = std::abs(d.vectorized_value - d.exact) / d.exact;
        std::cout << "   exact (double):   c = " << d.exact << "\n"
                  << "   relative error: loop " << std::scientific << std::setprecision(2)
                  << rel_loop << ", vectorized " << rel_vec;
        if (gpu) std::cout << ", GPU " << std::abs(d.gpu_value - d.exact) / d.exact;
        std::cout << std::defaultfloat << std::setprecision(6)
                  << "  (all within the stated tolerance 1e-3)\n"
                  << "   Why they differ: float addition is not associative. The loop adds a million\n"
                  << "   terms one after another into one float, whose rounding error grows with the\n"
                  << "   running sum; SIMD code keeps 8-16 partial sums and the GPU a tree of them,\n"
                  << "   which round differently (and usually less). Same maths, different last digits.\n\n";
        DL_CHECK(rel_loop < 1e-3 && rel_vec < 1e-3, "dot products disagree beyond 1e-3");
        json["dot_n"] = static_cast<long long>(dot_n);
        json["dot_loop_ms"] = d.loop_ms;
        json["dot_vectorized_ms"] = d.vectorized_ms;
        json["speedup"] = speedup;
        if (gpu) json["dot_gpu_ms"] = d.gpu_ms;
        json["dot_values"]["loop"] = d.loop_value;
        json["dot_values"]["vectorized"] = d.vectorized_value;
        json["dot_values"]["exact"] = d.exact;

        // ---- 2. The gradient step: two loops vs vectorized ----------------------------------
        const std::vector<int64_t> ms = opts.quick ? std::vector<int64_t>{1000, 10000, 50000}
                                                   : std::vector<int64_t>{1000, 3000, 10000, 30000, 100000, 300000};
        const auto steps = ch03::time_gradient_step(features, ms, opts.seed);
        std::cout << "2. Logistic regression's gradient step, n = " << features
                  << " features: the lecture's two for-loops vs vectorized\n"
                  << "          m   loops (ms)   vectorized (ms)   speed-up   max rel. difference\n";
        std::vector<double> mx, sp;
        double worst = 0;
        dl::Json gj = dl::Json::array();
        for (const auto& s : steps) {
            std::cout << std::setw(11) << s.m << std::setw(13) << fixed(s.loop_ms) << std::setw(18)
                      << fixed(s.vectorized_ms) << std::setw(10) << fixed(s.loop_ms / s.vectorized_ms, 1)
                      << "x" << std::setw(20) << std::scientific << std::setprecision(1)
                      << s.max_rel_diff << std::defaultfloat << std::setprecision(6) << "\n";
            mx.push_back(double(s.m));
            sp.push_back(s.loop_ms / s.vectorized_ms);
            worst = std::max(worst, s.max_rel_diff);
            dl::Json e = dl::Json::object();
            e["m"] = static_cast<long long>(s.m);
            e["loop_ms"] = s.loop_ms;
            e["vectorized_ms"] = s.vectorized_ms;
            e["max_rel_diff"] = s.max_rel_diff;
            gj.push_back(e);
        }
        DL_CHECK(worst <= 1e-6, "the loop and vectorized gradient steps differ by ", worst,
                 " (more than 1e-6)");
        std::cout << "   identical to rel <= 1e-6 (worst " << std::scientific << std::setprecision(1)
                  << worst << std::defaultfloat << std::setprecision(6)
                  << "). In C++ the explicit loops are compiled, so the gap is far smaller than\n"
                  << "   Python's; what remains is SIMD and cache-friendly order inside Eigen.\n";
        const std::string step_svg = dl::join_path(opts.out, "gradient_step_speedup.svg");
        dl::SvgPlot("Gradient step: speed-up of vectorized over two for-loops", "m (samples)",
                    "speed-up (loop time / vectorized time)")
            .line(mx, sp, dl::cat("n = ", features, " features"))
            .save(step_svg);
        std::cout << "   Figure: " << step_svg << "\n\n";
        figures.push_back(step_svg);
        json["gradient_step"] = gj;
        json["gradient_step_max_rel_diff"] = worst;

        // ---- 3. The matrix product in four stages -------------------------------------------
        const std::vector<int> sizes = opts.quick ? std::vector<int>{64, 128, 256}
                                                  : std::vector<int>{64, 128, 256, 512, 1024};
        const ch03::GemmResult g = ch03::time_gemm(sizes, opts.quick ? 256 : 1024, opts.seed, progress);
        std::cout << "3. Matrix product C = A·B (n x n, float, one core): GFLOP/s (2n³ flops), and % of this\n"
                  << "   machine's measured peak (Eigen's best, " << fixed(g.peak, 1) << " GFLOP/s)\n"
                  << "   stage     ";
        for (int n : sizes) std::cout << std::setw(15) << ("n = " + std::to_string(n));
        std::cout << "\n";
        const char* names[] = {"naive", "reordered", "blocked", "eigen"};
        dl::Json gf = dl::Json::object();
        dl::SvgPlot gplot("Matrix product: GFLOP/s by stage", "n", "GFLOP/s");
        gplot.log_y();
        for (int s = 0; s < 4; ++s) {
            std::cout << "   " << std::left << std::setw(10) << names[s] << std::right;
            std::vector<double> xs, ys;
            dl::Json arr = dl::Json::array();
            for (std::size_t i = 0; i < sizes.size(); ++i) {
                const double v = g.gflops[s][i];
                if (v < 0) {
                    std::cout << std::setw(15) << "skipped";
                    arr.push_back(nullptr);
                    continue;
                }
                std::cout << std::setw(8) << fixed(v, 2) << " (" << std::setw(3)
                          << static_cast<int>(std::round(100 * v / g.peak)) << "%)";
                xs.push_back(sizes[i]);
                ys.push_back(v);
                arr.push_back(v);
            }
            std::cout << "\n";
            gplot.line(xs, ys, names[s]);
            gf[names[s]] = arr;
        }
        std::cout << "   all stages agree with Eigen to " << std::scientific << std::setprecision(1)
                  << g.max_rel_error << std::defaultfloat << std::setprecision(6)
                  << " (relative to the largest |C|)\n";
        const std::string gemm_svg = dl::join_path(opts.out, "gemm_gflops.svg");
        gplot.note(dl::cat("peak (Eigen's best): ", fixed(g.peak, 1), " GFLOP/s")).save(gemm_svg);
        std::cout << "   Figure: " << gemm_svg << "\n\n";
        figures.push_back(gemm_svg);
        json["gemm_sizes"] = sizes;
        json["gemm_gflops"] = gf;
        json["gemm_peak_gflops"] = g.peak;

        // ---- 4. Broadcasting: the calorie table ---------------------------------------------
        const ch03::CalorieResult cal = ch03::calorie_percentages(opts.device);
        std::cout << "4. Broadcasting with the calorie table A (carbohydrate, protein, fat x apples,\n"
                  << "   beef, eggs, potatoes): cal = A.sum(axis=0), percentage = 100·A / cal\n"
                  << "   cal =";
        for (double t : cal.totals) std::cout << " " << fixed(t, 1);
        std::cout << "\n";
        dl::Json pj = dl::Json::array();
        for (const auto& row : cal.percent) {
            std::cout << "  ";
            std::vector<double> r4;
            for (double v : row) {
                std::cout << std::setw(10) << fixed(v, 4);
                r4.push_back(round_to(v, 4));
            }
            std::cout << "\n";
            pj.push_back(dl::Json(r4));
        }
        std::cout << "   100 is [1 x 1], A is [3 x 4], cal is [1 x 4]: each is stretched to [3 x 4].\n"
                  << "   The rule (numpy's): per dimension, sizes equal or one of them 1:\n"
                  << ch03::shape_rule_table() << "\n";
        json["calorie_totals"] = cal.totals;
        json["calorie_percent"] = pj;

        // ---- 5. The rank-1 pitfall ----------------------------------------------------------
        std::cout << "5. The rank-1 array pitfall\n" << ch03::rank1_demo() << "\n";
        json["figures"] = figures;

        args.write_run_config(opts.out);
        dl::require_finite_results(json);  // no NaN or infinite result ends with exit 0
        std::cout << "Result: dot product " << fixed(speedup, 1) << "x faster vectorized ("
                  << fixed(d.loop_ms, 2) << " ms loop vs " << fixed(d.vectorized_ms, 2)
                  << " ms); gradient step " << fixed(sp.back(), 1) << "x at m = " << ms.back()
                  << "; Eigen GEMM " << fixed(g.peak, 1) << " GFLOP/s; calorie percentages "
                  << fixed(cal.percent[0][0], 4) << " ... " << fixed(cal.percent[2][3], 4) << "\n";
        if (opts.json) std::cout << dl::json_line(json) << "\n";
        return 0;
    });
}
