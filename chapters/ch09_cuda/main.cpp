/// @file main.cpp
/// @brief Chapter 9: CUDA and mixed precision (CUDA 与混合精度).
///
/// The program follows the lecture's hardware story:
///  1. host and device: the GPU (显卡) the program finds — its SMs, memory, clocks and peak
///     figures —, the bandwidth of host↔device copies from pageable and from pinned memory,
///     and the thread → block → grid hierarchy shown by a tiny kernel;
///  2. one matrix product eight ways, from a naive kernel to the tensor cores (张量核心), each
///     rung checked against a double-precision reference before it is timed against cuBLAS;
///     on the CPU the same lesson in small (loops, cache blocking, Eigen);
///  3. the number formats FP32, FP16, BF16 and TF32, and why a small gradient vanishes in FP16;
///  4. mixed-precision training (混合精度训练): FP16/BF16 compute, FP32 master weights, dynamic
///     loss scaling — which gradients underflow at which scale, and a network trained in FP32
///     and in mixed precision side by side.
///
/// Without a GPU every CPU section runs: the CUDA kernels of sections 1 and 2 run in a CPU
/// emulator of CUDA's execution model (emu/cuda_emulator.hpp) and are validated there, and
/// section 4 emulates FP16 storage exactly; the program says once which GPU sections it
/// skipped and why. With a GPU it also runs them there and measures.
///
///     ch09_cuda [--device cpu|cuda] [--gemm-size N] [--rungs LIST] [--amp fp16|bf16]
///               [--data digits|fashion] [--epochs N] [--batch N] [--sections LIST]
///               [--quick] [--json]
#include <omp.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "amp_training.hpp"
#include "cli/args.hpp"
#include "cli/progress.hpp"
#include "core/device.hpp"
#include "core/half.hpp"
#include "data/fashion_mnist.hpp"
#include "cpu_gemm.hpp"
#include "device_info.hpp"
#include "exercises/ch09.hpp"
#include "formats.hpp"
#include "gemm_ladder.hpp"
#include "io/atomic_file.hpp"
#include "io/history.hpp"
#include "io/json.hpp"
#include "io/svg_plot.hpp"
#ifdef DL_WITH_CUDA
#include "gpu_exercises.hpp"
#endif

namespace {

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    for (std::string item; std::getline(ss, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

/// The students' float_to_half as a plain function pointer (the library's has the same type).
uint16_t exercise_to_half(float x) { return dl::exercises::float_to_half(x); }

/// Runs f, turning "not implemented" into a note so that ch09_cuda_mine still runs the rest.
template <class F>
bool try_exercise(const char* what, F&& f) {
    try {
        f();
        return true;
    } catch (const dl::NotImplemented& e) {
        std::printf("  (%s: %s — the library's version is used instead)\n", what, e.what());
        return false;
    }
}

}  // namespace

int main(int argc, char** argv) {
    return dl::run_main("ch09_cuda", [&] {
        dl::CommonOptions opts;
        opts.epochs = 5;
        opts.lr = 0.001;
        opts.out = "figures/ch09";
        std::string rungs_flag, amp = "fp16", sections_flag = "device,gemm,formats,amp";
        int gemm_size = 4096, batch = 256, threads = 2, width = 1024, blocks = 4;
        int cpu_epochs = 40;

        dl::ArgParser args("ch09_cuda",
                           "Chapter 9: CUDA and mixed precision — host and device, a GEMM from a "
                           "naive kernel to the tensor cores against cuBLAS, the FP32/FP16/BF16/TF32 "
                           "formats, and mixed-precision training with dynamic loss scaling. Runs "
                           "everywhere: without a GPU the CUDA kernels run in a CPU emulator and the "
                           "GPU measurements are skipped (the program says which).");
        args.add_common(opts);
        args.add_int("--gemm-size", "M = N = K of the timed GEMM ladder on the GPU (a multiple "
                     "of 128)", &gemm_size, 128, 16384);
        args.add_string("--rungs", "ladder rungs to run, comma-separated (default: all): naive, "
                        "coalesced, shared_tiles, blocking_1d, blocking_2d, vectorized, "
                        "warp_tiling, wmma_fp16, wmma_bf16", &rungs_flag);
        args.add_choice("--amp", "16-bit format of the mixed-precision compute copy", &amp,
                        {"fp16", "bf16"});
        args.add_int("--batch", "mini-batch size of the GPU mixed-precision comparison", &batch, 1, 65536);
        args.add_int("--width", "width of the residual MLP of the GPU comparison", &width, 16, 16384);
        args.add_int("--blocks", "residual blocks of that network", &blocks, 0, 64);
        args.add_int("--cpu-epochs", "epochs of the CPU loss-scaling demo (8x8 digits, emulated fp16)",
                     &cpu_epochs, 1, 10000);
        args.add_int("--threads", "CPU threads (Eigen and OpenMP)", &threads, 1, 256);
        args.add_string("--sections", "sections to run, comma-separated: device, gemm, formats, amp",
                        &sections_flag);
        args.add_epilog(
            "--device: left out, the CPU sections run and the GPU sections run when a GPU can be\n"
            "used (else they are skipped, and the program says why); cpu runs only the CPU\n"
            "sections; cuda requires a GPU. --data: the data of the GPU mixed-precision comparison,\n"
            "fashion (Fashion-MNIST, the default when installed: `./course data`) or digits.\n"
            "--epochs: epochs of that comparison (default 5, 1 with --quick).\n"
            "\nTry: --sections formats;  --amp bf16;  --rungs naive,warp_tiling,wmma_bf16 --device cuda;\n"
            "     --cpu-epochs 100 (watch the loss scale grow every 2000 clean steps)\n");
        if (!args.parse(argc, argv)) return 0;

        const std::vector<std::string> sections = split(sections_flag);
        for (const auto& s : sections)
            if (s != "device" && s != "gemm" && s != "formats" && s != "amp")
                throw dl::UsageError(dl::cat("--sections: expected some of device,gemm,formats,amp, got '",
                                             sections_flag, "'"));
        if (sections.empty())
            throw dl::UsageError(dl::cat("--sections: expected some of device,gemm,formats,amp, got '",
                                         sections_flag, "'"));
        if (gemm_size % 128 != 0)
            throw dl::UsageError(dl::cat("--gemm-size: expected a multiple of 128 (the tiles of rungs "
                                         "5-8), got '", gemm_size, "'"));
        std::vector<ch09::Rung> rungs;
        for (const auto& name : split(rungs_flag)) {
            const ch09::Rung r = ch09::parse_rung(name);
            if (ch09::info(r).number == 0)
                throw dl::UsageError(dl::cat("--rungs: '", name, "' is a cuBLAS reference (always run), "
                                             "not a rung"));
            rungs.push_back(r);
        }
        if (rungs.empty())
            for (const auto& i : ch09::ladder())
                if (i.number > 0) rungs.push_back(i.rung);
        if (!opts.data.empty() && opts.data != "digits" && opts.data != "fashion")
            throw dl::UsageError(dl::cat("--data: expected digits or fashion, got '", opts.data, "'"));

        // Which device runs the GPU sections, decided once.
        const bool device_given = args.given("--device");
        if (device_given) dl::require_device(opts.device);  // --device cuda without a GPU: exit 1
        std::string gpu_skip;  // why the GPU sections are skipped ("" when they run)
        if (device_given && opts.device == dl::Device::CPU)
            gpu_skip = "--device cpu";
        else if (!dl::cuda_available())
            gpu_skip = dl::cuda_unavailable_reason();
        const bool gpu = gpu_skip.empty();
        dl::ensure_writable_dir(opts.out);
        Eigen::setNbThreads(threads);
        omp_set_num_threads(threads);
        const bool progress = dl::progress_enabled(opts.json);
        const int amp_epochs = args.given("--epochs") ? opts.epochs : opts.quick ? 1 : 5;
        if (opts.quick && !args.given("--cpu-epochs")) cpu_epochs = 30;

        dl::Json json = dl::Json::object();
        json["chapter"] = 9;
        json["device"] = gpu ? "cuda" : "cpu";
        json["seed"] = opts.seed;
        json["gpu_sections_skipped"] = gpu ? dl::Json(nullptr) : dl::Json(gpu_skip);
        std::printf("Chapter 9: CUDA and mixed precision (seed %llu, %d CPU threads)\n",
                    (unsigned long long)opts.seed, threads);
        if (!gpu)
            std::printf("GPU sections skipped (%s): the GPU's description and copy bandwidths, the "
                        "GEMM ladder's timings against cuBLAS, and the FP32-vs-mixed-precision "
                        "training speed. Everything else runs here; the CUDA kernels run in the CPU "
                        "emulator.\n", gpu_skip.c_str());
        std::string result_gpu = gpu ? "" : "GPU sections not measured (" + gpu_skip + ")";

        // ---------------------------------------------------------------------------------------
        if (has(sections, "device")) {
            std::printf("\n== 1. Host and device ==\n");
            std::printf("Host (CPU): %s\n", ch09::describe_host().c_str());
            if (gpu) {
                const ch09::DeviceInfo d = ch09::query_device();
                std::printf("Device (GPU):\n%s", ch09::device_table(d).c_str());
                const ch09::TransferRates t =
                    ch09::measure_transfers(opts.quick ? (64u << 20) : (256u << 20), opts.quick ? 5 : 20);
                std::printf("Host <-> device copies (the lecture's \"copy to the card's memory and "
                            "back\"):\n%s", ch09::transfer_table(t).c_str());
                json["gpu"] = ch09::to_json(d);
                json["transfers"] = ch09::to_json(t);
            } else {
                std::printf("Device (GPU): not available (skipped, see above). Its description and "
                            "the copy bandwidths need a GPU: not measured.\n");
                json["gpu"] = nullptr;
                json["transfers"] = nullptr;
            }
            std::printf("The thread hierarchy (%s): a grid of blocks of threads over a matrix.\n",
                        gpu ? "on the GPU" : "the same kernel in the CPU emulator");
            std::printf("%s", ch09::hierarchy_demo(gpu, 8, 6, 4, 2).c_str());
        }

        // ---------------------------------------------------------------------------------------
        if (has(sections, "gemm")) {
            std::printf("\n== 2. One matrix product, eight ways ==\n");
            // 2a. Every rung in the emulator: the index arithmetic checked on any machine.
            std::printf("Every rung in the CPU emulator (the kernels' own source, run by host "
                        "threads), against the double-precision reference:\n");
            dl::Json emulated = dl::Json::array();
            int emulated_ok = 0;
            for (ch09::Rung r : rungs) {
                const auto& in = ch09::info(r);
                const int M = in.tile_m == 1 ? 67 : 2 * in.tile_m;
                const int N = in.tile_n == 1 ? 45 : (r == ch09::Rung::Blocking1d ? 128 : in.tile_n);
                const int K = in.tile_k == 1 ? 37 : 2 * in.tile_k;
                const ch09::GemmProblem p = ch09::make_problem(M, N, K, opts.seed + 11);
                const ch09::Check c = ch09::check_output(r, p, ch09::emulate_rung(r, p));
                std::printf("  %d %-14s %4d x %4d x %3d  %s\n", in.number, in.name, M, N, K,
                            c.str().c_str());
                DL_CHECK(c.ok, "rung ", in.name, " disagrees with the reference in the emulator");
                emulated_ok += c.ok;
                dl::Json e = dl::Json::object();
                e["rung"] = in.name;
                e["max_rel_error"] = c.max_rel;
                e["ok"] = c.ok;
                emulated.push_back(e);
            }
            json["gemm_emulated"] = emulated;
            const ch09::TileDemo tile = ch09::tensor_core_tile_demo(gpu, amp == "bf16", opts.seed);
            std::printf("The lecture's tensor-core step D = A·B + C on one 16 x 16 x 16 tile (%s, "
                        "%s inputs, small integers so every sum is exact): max |D - reference| = %g\n",
                        gpu ? "on the GPU" : "emulated", amp.c_str(), tile.max_error);
            std::printf("  D(0, 0..3) = %g %g %g %g = C(0, 0..3) + Σ_k A(0,k)·B(k, 0..3)\n",
                        tile.D[0], tile.D[16], tile.D[32], tile.D[48]);
            json["tensor_core_tile_exact"] = tile.max_error == 0.0;

            // 2b. The CPU in small.
            const std::vector<int> sizes = opts.quick ? std::vector<int>{256} : std::vector<int>{256, 512, 1024};
            std::printf("On the CPU, the same lesson in small (float32, n x n, validated before timed):\n");
            const auto cpu_rows = ch09::cpu_gemm_ladder(sizes, 512, threads, opts.seed, progress);
            std::printf("%s", ch09::cpu_gemm_table(cpu_rows).c_str());
            json["gemm_cpu"] = ch09::to_json(cpu_rows);
            double cpu_best = 0;
            for (const auto& r : cpu_rows) cpu_best = std::max(cpu_best, r.gflops);
            json["cpu_gemm_best_gflops"] = cpu_best;

            // 2c. The GPU ladder.
            if (gpu) {
                ch09::LadderOptions lo;
                lo.rungs = rungs;
                lo.M = lo.N = lo.K = gemm_size;
                lo.seed = opts.seed;
                lo.progress = progress;
                lo.seconds_per_rung = opts.quick ? 0.2 : 1.0;
                lo.min_runs = opts.quick ? 3 : 10;
                const auto rows = ch09::run_gpu_ladder(lo);
                const std::string name = dl::cuda_device_name();
                std::printf("On the GPU (%s), every rung validated first (every element at 512 x 384 "
                            "x 288, 512 sampled ones and a NaN scan at the timed size), then timed "
                            "with CUDA events (median):\n%s", name.c_str(),
                            ch09::ladder_table(rows, lo.M, lo.N, lo.K).c_str());
                ch09::save_ladder_plot(rows, lo.M, lo.N, lo.K, dl::join_path(opts.out, "gemm_ladder.svg"), name);
                dl::Json g = ch09::to_json(rows, lo.M, lo.N, lo.K);
                g["gpu"] = name;
                double best32 = 0, best_share = 0, best_tc = 0;
                for (const auto& r : rows) {
                    if (!r.ran || ch09::info(r.rung).number == 0) continue;
                    if (ch09::info(r.rung).input == ch09::Input::F32) {
                        if (r.gflops > best32) best32 = r.gflops, best_share = r.share;
                    } else {
                        best_tc = std::max(best_tc, r.gflops);
                    }
                }
                json["gemm_gpu"] = g;
                json["best_fp32_share_of_cublas"] = best32 > 0 ? dl::Json(best_share) : dl::Json(nullptr);
                json["tensor_core_over_best_fp32"] =
                    best32 > 0 && best_tc > 0 ? dl::Json(best_tc / best32) : dl::Json(nullptr);
                if (!opts.quick) {
                    // A shape of the chapter's own networks: a 1024 x 1024 layer at batch 256.
                    lo.M = 1024, lo.N = 256, lo.K = 1024;
                    const auto small = ch09::run_gpu_ladder(lo);
                    std::printf("At a layer of the residual MLP (M = 1024 units, N = 256 samples, K = 1024):\n%s",
                                ch09::ladder_table(small, lo.M, lo.N, lo.K).c_str());
                    json["gemm_gpu_layer"] = ch09::to_json(small, lo.M, lo.N, lo.K);
                }
#ifdef DL_WITH_CUDA
                ch09::run_gpu_exercises(opts.json);
#endif
                result_gpu = dl::cat("GPU ", name, ": best fp32 rung ",
                                     std::lround(100 * best_share), " % of cuBLAS, tensor cores ",
                                     best32 > 0 ? best_tc / best32 : 0.0, "x the best fp32 rung");
            } else {
                std::printf("On the GPU: not measured yet (skipped, see above). The table of GFLOP/s "
                            "and share of cuBLAS per rung needs a GPU.\n");
                json["gemm_gpu"] = nullptr;
                json["best_fp32_share_of_cublas"] = nullptr;
                json["tensor_core_over_best_fp32"] = nullptr;
            }
        }

        // ---------------------------------------------------------------------------------------
        double fp16_agree_share = 1.0;
        if (has(sections, "formats")) {
            std::printf("\n== 3. Number formats ==\n");
            const auto rows = ch09::number_formats();
            std::printf("%s", ch09::formats_table(rows).c_str());
            bool all = true;
            for (const auto& r : rows) all = all && r.ok;
            DL_CHECK(all, "a number format disagrees with its conversions (see the table)");
            json["formats"] = ch09::to_json(rows);
            json["formats_checked"] = all;
            // The rounding: the student's float_to_half (exercise ch09.float_to_half).
            uint16_t (*to_half)(float) = dl::float_to_half_bits;
            try_exercise("exercise ch09.float_to_half", [&] {
                int total = 0;
                std::string first_bad;
                const int good = ch09::check_half_rounding(exercise_to_half, total, first_bad);
                std::printf("float32 -> float16 rounding by float_to_half (exercise): %d of %d test values "
                            "as the library rounds them%s%s\n", good, total,
                            first_bad.empty() ? "" : "; first difference ", first_bad.c_str());
                fp16_agree_share = double(good) / total;
                if (good == total) to_half = exercise_to_half;
            });
            const double S = 65536.0;
            std::printf("A gradient in each format, and in fp16 after loss scaling (x S, stored, / S "
                        "in fp32):\n%s", ch09::values_table(ch09::gradient_values(S, to_half), S, true).c_str());
            std::printf("A weight update w <- w + delta: fp16's next number above 1 is 1 + 2^-10, "
                        "so an update below 2^-11 is lost, unless the master weight is fp32:\n%s",
                        ch09::values_table(ch09::update_values(to_half), S, false).c_str());
            json["fp16_rounding_agreement"] = fp16_agree_share;
        }

        // ---------------------------------------------------------------------------------------
        if (has(sections, "amp")) {
            std::printf("\n== 4. Mixed-precision training ==\n");
            // The CPU demo's matrices are small (batches of 16): one thread, since a second one
            // only waits at every GEMM's barrier (most of the time on a busy machine).
            Eigen::setNbThreads(1);
            omp_set_num_threads(1);
            const auto [dtrain, dtest] = ch09::load_images("digits", opts.seed);
            ch09::NetSpec small;
            small.kind = "mlp";
            small.hidden = {128, 64};
            std::printf("Which fp16 gradients vanish (underflow) or overflow, by loss scale: a %s "
                        "on the 8x8 digits (float16 emulated exactly on the CPU):\n",
                        ch09::describe(small, dtrain.features(), dtrain.classes).c_str());
            const ch09::Census census = ch09::gradient_census(dtrain, small, 5, 64, opts.seed);
            std::printf("%s", ch09::census_table(census).c_str());
            json["loss_scaling_census"] = ch09::to_json(census);

            ch09::AmpSettings cs;
            cs.net = small;
            cs.half = dl::DType::F16;  // the overflow/underflow story is fp16's
            cs.epochs = cpu_epochs;
            cs.batch = 16;
            cs.lr = 1e-3;
            cs.device = dl::Device::CPU;
            cs.seed = opts.seed;
            cs.progress = progress;
            cs.no_scaling_run = true;
            const bool student_rule = try_exercise("exercise ch09.update_loss_scale", [&] {
                dl::nn::LossScaleState probe;
                dl::exercises::update_loss_scale(probe, false, {});
            });
            if (student_rule) cs.rule = dl::exercises::update_loss_scale;
            std::printf("Training the same network in fp32 and in fp16 with fp32 master weights "
                        "(emulated on the CPU: numbers, not speed), %d epochs of %lld steps, loss "
                        "scale from 2^16 (rule: %s):\n", cs.epochs,
                        (long long)((dtrain.count() + cs.batch - 1) / cs.batch),
                        student_rule ? "the exercise ch09.update_loss_scale" : "the library's");
            const ch09::AmpComparison cpu_cmp = ch09::compare_fp32_amp(dtrain, dtest, cs);
            std::printf("%s", ch09::comparison_table(cpu_cmp).c_str());
            std::printf("The loss scale during the fp16 run (every change):\n%s",
                        cpu_cmp.amp.scale_log.empty() ? "  (no change)\n" : cpu_cmp.amp.scale_log.c_str());
            json["amp_cpu"] = ch09::to_json(cpu_cmp);
            {
                dl::History h(dl::join_path(opts.out, "amp_history.jsonl"));
                for (const ch09::RunResult* r : {&cpu_cmp.fp32, &cpu_cmp.amp, &cpu_cmp.amp_unscaled})
                    for (std::size_t e = 0; e < r->train_loss.size(); ++e)
                        h.add({{"device", "cpu"}, {"precision", r->precision}, {"epoch", e + 1},
                               {"train_loss", r->train_loss[e]}, {"seconds", r->epoch_seconds[e]}});
                h.save();
                dl::SvgPlot p("Training loss, 8x8 digits: fp32 vs fp16 (emulated)", "epoch",
                              "mean training loss (log scale)");
                p.log_y();
                for (const ch09::RunResult* r : {&cpu_cmp.fp32, &cpu_cmp.amp, &cpu_cmp.amp_unscaled}) {
                    std::vector<double> xs;
                    for (std::size_t e = 0; e < r->train_loss.size(); ++e) xs.push_back(double(e + 1));
                    p.line(xs, r->train_loss, r->precision.substr(0, 42), r != &cpu_cmp.fp32);
                }
                p.save(dl::join_path(opts.out, "amp_loss.svg"));
            }

            Eigen::setNbThreads(threads);
            omp_set_num_threads(threads);
            if (gpu) {
                ch09::AmpSettings gs;
                gs.net.kind = "resmlp";
                gs.net.width = width;
                gs.net.blocks = blocks;
                gs.half = amp == "bf16" ? dl::DType::BF16 : dl::DType::F16;
                gs.epochs = amp_epochs;
                gs.batch = batch;
                gs.lr = opts.lr;
                gs.device = dl::Device::CUDA;
                gs.seed = opts.seed;
                gs.progress = progress;
                std::string data = opts.data;
                if (data.empty()) {
                    try {
                        dl::find_fashion_mnist();
                        data = "fashion";
                    } catch (const dl::Error& e) {
                        std::printf("(%s — the comparison uses the 8x8 digits)\n", e.what());
                        data = "digits";
                    }
                }
                const auto [gtrain, gtest] = ch09::load_images(data, opts.seed);
                std::printf("On the GPU (%s): %s on %s, %d epochs, batch %d, Adam %g — fp32 against "
                            "%s compute with fp32 master weights:\n", dl::cuda_device_name().c_str(),
                            ch09::describe(gs.net, gtrain.features(), gtrain.classes).c_str(),
                            data.c_str(), gs.epochs, batch, opts.lr, amp.c_str());
                const ch09::AmpComparison cmp = ch09::compare_fp32_amp(gtrain, gtest, gs);
                std::printf("%s", ch09::comparison_table(cmp).c_str());
                std::printf("  mixed precision is %.2fx as fast per epoch; test accuracy %+.2f points\n",
                            cmp.speedup, 100 * (cmp.amp.test_accuracy - cmp.fp32.test_accuracy));
                json["amp_gpu"] = ch09::to_json(cmp);
                json["amp_speedup"] = cmp.speedup;
                json["amp_accuracy_gap_points"] = 100 * (cmp.fp32.test_accuracy - cmp.amp.test_accuracy);
                result_gpu += dl::cat("; AMP ", cmp.speedup, "x per epoch, accuracy ",
                                      cmp.amp.test_accuracy, " vs ", cmp.fp32.test_accuracy);
            } else {
                std::printf("On the GPU: the FP32-vs-mixed-precision speed comparison is not measured "
                            "yet (skipped, see above).\n");
                json["amp_gpu"] = nullptr;
                json["amp_speedup"] = nullptr;
                json["amp_accuracy_gap_points"] = nullptr;
            }
            std::printf("\n== Beyond one GPU: data parallelism ==\n(see the chapter's page in the "
                        "course notes)\n");
        }

        args.write_run_config(opts.out);
        if (opts.json) {
            std::cout << dl::json_line(json) << std::endl;
        } else {
            std::string cpu_part;
            if (json.contains("formats_checked")) cpu_part += "number formats checked; ";
            if (json.contains("gemm_emulated")) cpu_part += dl::cat(json["gemm_emulated"].size(), " GEMM rungs agree in the emulator; ");
            if (json.contains("amp_cpu"))
                cpu_part += dl::cat("fp16 AMP (emulated) test accuracy ",
                                    json["amp_cpu"]["amp"]["test_accuracy"].get<double>(), " vs fp32 ",
                                    json["amp_cpu"]["fp32"]["test_accuracy"].get<double>(), "; ");
            std::printf("Result: %s%s\n", cpu_part.c_str(), result_gpu.empty() ? "all sections ran" : result_gpu.c_str());
        }
        return 0;
    });
}
