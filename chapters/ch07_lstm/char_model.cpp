/// @file char_model.cpp
/// @brief The character-level language model (see char_model.hpp).
#include "char_model.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>

#include "cli/progress.hpp"
#include "core/eigen_view.hpp"
#include "data/text_corpus.hpp"
#include "exercises/ch07.hpp"
#include "io/atomic_file.hpp"
#include "io/history.hpp"
#include "io/svg_plot.hpp"
#include "nn/dense.hpp"
#include "nn/embedding.hpp"
#include "nn/lstm.hpp"
#include "nn/sequential.hpp"
#include "seq_train.hpp"

namespace ch07 {

using namespace dl;

LineStats line_structure(const std::u32string& text) {
    LineStats s;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find(U'\n', start);
        if (end == std::u32string::npos) break;  // an unfinished last line does not count
        const std::u32string line = text.substr(start, end - start);
        start = end + 1;
        if (line.empty() || line[0] == U'《' || line[0] == U'%' ||
            line.find(U"作者") != std::u32string::npos)
            continue;
        ++s.lines;
        int64_t len = 0;
        for (char32_t c : line + U"。") {  // a line's last clause ends with the line
            if (c == U'，' || c == U'。' || c == U'？' || c == U'！' || c == U'；') {
                if (len > 0) {
                    ++s.clauses;
                    s.five_or_seven += len == 5 || len == 7;
                }
                len = 0;
            } else {
                ++len;
            }
        }
    }
    return s;
}

namespace {

/// Where the held-out part starts: after the first poem separator ("%\n") past the cut, else
/// after the first line end past it, else at the cut.
int64_t split_point(const std::u32string& text, double val_fraction) {
    const auto cut = static_cast<std::size_t>(double(text.size()) * (1.0 - val_fraction));
    std::size_t p = text.find(U"%\n", cut);
    if (p != std::u32string::npos) return int64_t(p + 2);
    p = text.find(U'\n', cut);
    return int64_t(p != std::u32string::npos ? p + 1 : cut);
}

/// B streams over ids[begin, end): stream b starts at begin + b·L; `windows` windows of T.
struct Streams {
    int64_t begin = 0, B = 0, L = 0, windows = 0, T = 0;
    Streams(int64_t begin_, int64_t end, int64_t B_, int64_t T_) : begin(begin_), T(T_) {
        const int64_t n = end - begin - 1;  // every input needs the next character as target
        B = std::max<int64_t>(1, std::min(B_, n / T_));
        L = n / B;
        windows = L / T;
    }
    /// X(0, t·B + b) = ids[start of b + w·T + t], Y the character after it.
    void fill(const std::vector<int32_t>& ids, int64_t w, std::vector<double>& x,
              std::vector<double>& y) const {
        for (int64_t t = 0; t < T; ++t)
            for (int64_t b = 0; b < B; ++b) {
                const int64_t k = begin + b * L + w * T + t;
                x[t * B + b] = ids[k];
                y[t * B + b] = ids[k + 1];
            }
    }
};

std::string model_name(const CharOptions& o, int64_t V) {
    return cat("Embedding ", V, "->", o.embed, ", LSTM ", o.hidden, " x", o.layers, ", Dense ", V);
}

}  // namespace

CharReport run_char_model(const CharOptions& o) {
    const TextCorpus corpus = load_text_corpus(o.path);
    const int64_t n = corpus.size(), V = corpus.vocab_size();
    DL_CHECK(V >= 2, "'", o.path, "' has only one distinct character: nothing to predict");
    DL_CHECK(V <= 50000, "'", o.path, "' has ", V, " distinct characters; the model's output layer "
             "would have ", V, " rows (give a text with at most 50,000 distinct characters)");
    const int64_t split = split_point(corpus.text, o.val_fraction);
    const Streams train(0, split, o.B, o.T), val(split, n, o.B, o.T);
    DL_CHECK(train.windows >= 1 && train.B == o.B,
             "'", o.path, "' is too short: ", split, " training characters make no window of ",
             o.T, " characters in each of ", o.B, " streams (needs ", o.B * o.T + 1,
             "); use a longer text or a smaller --seq-len");
    DL_CHECK(val.windows >= 1, "'", o.path, "' is too short: its last ", n - split,
             " characters (the validation part) make no window of ", o.T,
             "; use a longer text or a smaller --seq-len");

    CharReport r;
    r.path = o.path;
    r.chars = n;
    r.vocab = V;
    r.train_chars = split;
    r.val_chars = n - split;
    r.unigram_entropy = corpus.unigram_entropy();
    r.corpus_lines = line_structure(corpus.text);
    {   // a unigram model of the training part (add-one smoothing) on the validation part
        std::vector<double> count(static_cast<std::size_t>(V), 1.0);
        for (int64_t k = 0; k < split; ++k) count[corpus.ids[k]] += 1.0;
        const double total = double(split + V);
        double nll = 0;
        for (int64_t k = split; k < n; ++k) nll -= std::log(count[corpus.ids[k]] / total);
        r.unigram_val_loss = nll / double(n - split);
    }

    //! [char_model]
    const nn::Context ctx{o.device, DType::F32};
    auto net = std::make_unique<nn::Sequential>();
    net->add<nn::Embedding>(V, o.embed);                   // ids → E-vectors
    for (int l = 0; l < o.layers; ++l) net->add<nn::LSTM>(o.hidden, o.T);  // every h_t
    net->add<nn::Dense>(V, nn::Init::Xavier);              // logits over the V characters
    nn::Model model(std::move(net), Shape::matrix(1, 1), o.T * o.B, ctx);
    //! [char_model]
    Rng rng(o.seed);
    model.initialize(rng);
    r.parameters = model.num_parameters();
    r.model = model_name(o, V);
    auto opt = nn::make_optimizer(nn::OptimizerKind::Adam, model.params(), o.lr);
    nn::SequenceCrossEntropy loss;
    loss.reserve(V, o.T * o.B, ctx);
    const auto lstms = recurrent_layers(model);

    std::vector<double> hx(static_cast<std::size_t>(o.T * o.B)), hy(hx.size());
    Tensor X(Shape::row(o.T * o.B), DType::F32, o.device), Y(X.shape(), DType::F32, o.device);
    Tensor scratch(Shape::matrix(1, 1), DType::F32, o.device);
    auto load = [&](const Streams& s, int64_t w) {
        s.fill(corpus.ids, w, hx, hy);
        const Shape sh = Shape::row(s.T * s.B);
        Tensor x = X.first(sh), y = Y.first(sh);
        x.copy_from(Tensor::from_values(sh, std::vector<double>(hx.begin(), hx.begin() + sh.cols())));
        y.copy_from(Tensor::from_values(sh, std::vector<double>(hy.begin(), hy.begin() + sh.cols())));
        return std::make_pair(x, y);
    };

    // One row per epoch, next to the figure drawn from it (none when o.out is empty).
    dl::History history(o.out.empty() ? std::string() : join_path(o.out, "char_history.jsonl"));
    Tensor best = model.params().values().clone();
    r.val_loss = std::numeric_limits<double>::infinity();
    double step_seconds = 0;
    int64_t timed = 0, waited = 0;
    for (int epoch = 1; epoch <= o.epochs; ++epoch) {
        // one pass over the training streams, the state carried from window to window
        for (auto* l : lstms) l->reset_state();
        Progress bar(train.windows, cat("epoch ", epoch, "/", o.epochs), o.progress);
        double sum = 0;
        int64_t count = 0;
        for (int64_t w = 0; w < train.windows; ++w) {
            if (o.max_steps > 0 && r.steps >= o.max_steps) break;
            auto [x, y] = load(train, w);
            const auto t0 = std::chrono::steady_clock::now();
            const StepStats st = train_step(model, loss, *opt, x, y, o.clip, scratch);
            const double secs =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            if (++r.steps > 2) step_seconds += secs, ++timed;  // the first steps warm caches
            for (auto* l : lstms) l->carry_state();  // truncated BPTT: state on, gradient cut
            sum += st.loss;
            ++count;
            if ((w + 1) % 5 == 0) bar.update(w + 1, cat("loss ", st.loss));
        }
        if (count == 0) break;
        // the validation text, streamed the same way, without training
        for (auto* l : lstms) l->reset_state();
        double vsum = 0;
        for (int64_t w = 0; w < val.windows; ++w) {
            auto [x, y] = load(val, w);
            loss.forward(model.forward(x, {false}), y);
            vsum += loss.cost();
            for (auto* l : lstms) l->carry_state();
        }
        const double vloss = vsum / double(val.windows);
        r.train_curve.push_back(sum / double(count));
        r.val_curve.push_back(vloss);
        if (!o.out.empty())
            history.add({{"epoch", epoch}, {"train_loss", sum / double(count)}, {"val_loss", vloss}});
        r.epochs = epoch;
        bar.finish(cat("train ", sum / double(count), " nats/char, validation ", vloss));
        if (vloss < r.val_loss) {
            r.val_loss = vloss;
            r.train_loss = sum / double(count);
            r.best_epoch = epoch;
            best.copy_from(model.params().values());
            waited = 0;
        } else if (++waited >= o.patience) {
            break;
        }
    }
    r.seconds_per_step = timed ? step_seconds / double(timed) : 0.0;
    r.val_perplexity = std::exp(r.val_loss);
    Tensor values = model.params().values();
    values.copy_from(best);  // the best validation epoch writes the poems

    //! [generate]
    // One-to-many: one start character, then every sampled character is the next input.
    for (auto* l : lstms) {
        l->set_steps(1);
        l->reset_state();
    }
    const char32_t start = corpus.id_of(U'《') >= 0 ? U'《' : corpus.text[split];
    std::u32string written(1, start);
    Tensor x1 = X.first(Shape::row(1));
    Rng sampler(o.seed + 17);
    int32_t id = corpus.id_of(start);
    for (int64_t k = 0; k < o.generate; ++k) {
        x1.copy_from(Tensor::from_values(Shape::row(1), {double(id)}));
        const std::vector<double> z = model.forward(x1, {false}).values();   // V logits
        const Eigen::VectorXd logits = Eigen::Map<const Eigen::VectorXd>(z.data(), V);
        id = exercises::sample_with_temperature(logits, o.temperature, sampler);
        written += corpus.vocab[static_cast<std::size_t>(id)];
        for (auto* l : lstms) l->carry_state();  // the next step continues from here
    }
    //! [generate]
    for (auto* l : lstms) l->set_steps(o.T);
    r.generated = encode_utf8(written);
    r.generated_lines = line_structure(written);

    if (!o.out.empty() && !r.val_curve.empty()) {
        history.save();
        const std::vector<double> ep = history.column("epoch");
        SvgPlot p("Character model: loss per character", "epoch", "nats per character");
        p.line(ep, history.column("train_loss"), "training (mean over the epoch)");
        p.line(ep, history.column("val_loss"), "validation");
        p.line({ep.front(), ep.back()}, {r.unigram_entropy, r.unigram_entropy},
               "unigram entropy of the text", true);
        p.save(join_path(o.out, "char_loss.svg"));
        write_file_atomic(join_path(o.out, "generated.txt"), r.generated + "\n");
    }
    return r;
}

}  // namespace ch07
