/// @file char_model.hpp
/// @brief Chapter 7, many-to-many (多对多) and one-to-many (一对多): a character-level language
/// model of Tang poems (or of any UTF-8 text), trained with truncated backpropagation through
/// time, and the poems it writes.
///
/// The model reads one character per step and predicts the next one at every step:
///
///     ids (1 x T·B) → Embedding(V, E) → LSTM(H) → … → LSTM(H) → Dense(V) → softmax over V
///
/// **Truncated BPTT.** The training text is cut into B streams (one contiguous stretch per
/// sequence of the batch); each step takes the next window of T characters of every stream.
/// The LSTMs carry their state from one window to the next (carry_state), so the model can use
/// context longer than T, but gradients stop at the window's start: BPTT over T steps only.
///
/// **Measuring it.** The loss is the cross-entropy in nats per character on text the model did
/// not train on (the last 10 % of the file, cut at a poem boundary); e^loss is the perplexity.
/// Two references: the entropy of the characters' frequencies (a unigram model: the best one can
/// do without context) and the cross-entropy of such a model fitted on the training part.
///
/// **Writing.** From one start character, the model runs one step at a time (set_steps(1)),
/// each sampled character (exercises::sample_with_temperature) fed back as the next input:
/// one input, many outputs.
#pragma once

#include <string>
#include <vector>

#include "core/device.hpp"

namespace ch07 {

struct CharOptions {
    std::string path;            ///< the UTF-8 text
    int64_t T = 64;              ///< BPTT window (--seq-len)
    int64_t B = 32;              ///< streams per batch
    int64_t embed = 64;          ///< E
    int64_t hidden = 128;        ///< H (--hidden)
    int layers = 2;              ///< stacked LSTMs
    int epochs = 30;             ///< passes over the training text (the best validation epoch is kept)
    int patience = 4;            ///< stop after this many epochs without a better validation loss
    double lr = 5e-3;            ///< Adam
    double clip = 5.0;           ///< global gradient-norm limit
    double temperature = 0.8;    ///< for writing
    double val_fraction = 0.1;   ///< the end of the text held out
    int64_t generate = 400;      ///< characters to write
    int64_t max_steps = 0;       ///< stop training after this many steps in all (0: no limit)
    uint64_t seed = 1;
    dl::Device device = dl::Device::CPU;
    bool progress = false;
    std::string out;             ///< figures folder ("" for none)
};

/// The clause lengths of poem lines: the share of clauses (between ，。？！；) of 5 or 7
/// characters, over the finished lines (ended by a line break) that are not titles (《…》),
/// authors (作者：…) or separators (%).
struct LineStats {
    int64_t lines = 0, clauses = 0, five_or_seven = 0;
    double share() const { return clauses ? double(five_or_seven) / double(clauses) : 0.0; }
};
LineStats line_structure(const std::u32string& text);

struct CharReport {
    std::string path;
    int64_t chars = 0, vocab = 0, train_chars = 0, val_chars = 0;
    double unigram_entropy = 0;     ///< of the whole text, nats per character
    double unigram_val_loss = 0;    ///< a unigram model of the training part on the validation part
    double val_loss = 0;            ///< best epoch, nats per character
    double val_perplexity = 0;      ///< e^{val_loss}
    double train_loss = 0;          ///< mean training loss of the best epoch
    int best_epoch = 0, epochs = 0;
    int64_t steps = 0;              ///< training steps taken
    double seconds_per_step = 0;    ///< mean wall time of a training step (after the first two)
    int64_t parameters = 0;
    std::string model;              ///< "Embedding 2580->64, LSTM 128 x2, Dense 2580"
    std::vector<double> train_curve, val_curve;  ///< per epoch
    std::string generated;          ///< the text written (UTF-8)
    LineStats generated_lines, corpus_lines;
};

/// Loads the text, trains, validates, writes; figures into o.out when set.
CharReport run_char_model(const CharOptions& o);

}  // namespace ch07
