/// @file setup.hpp
/// @brief What every section of chapter 5 shares: the run's settings, the train/dev/test split
/// of Fashion-MNIST, an MLP with optional dropout and batch norm, and one training run with its
/// curves.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/image_dataset.hpp"
#include "io/json.hpp"
#include "kernels/activation.hpp"
#include "kernels/augment.hpp"
#include "nn/data_source.hpp"
#include "nn/init.hpp"
#include "nn/model.hpp"
#include "nn/optimizer.hpp"

namespace ch05 {

/// The run's settings, from the command line.
struct Env {
    uint64_t seed = 1;
    bool quick = false;
    dl::Device device = dl::Device::CPU;
    std::string out = "figures/ch05";
    bool progress = false;
    /// Fashion-MNIST's folder, or "" when it is not available (sections that need it skip).
    std::string fashion_dir;
    bool have_fashion = false;
    /// {train, test} of Fashion-MNIST, loaded (and its SHA-256 checked) once, on first use.
    const std::pair<dl::ImageDataset, dl::ImageDataset>& fashion() const;

private:
    mutable std::shared_ptr<std::pair<dl::ImageDataset, dl::ImageDataset>> fashion_;
};

/// Labelled images split three ways, on one device, with a data source for each part.
/// Built once and never moved (the sources view the device copies, which view the bytes).
struct Split {
    std::string name;
    dl::ImageDataset train, dev, test;
    dl::DeviceImages dtrain, ddev, dtest;
    std::unique_ptr<dl::nn::ImageSource> train_src, dev_src, test_src;
};

/// The images `idx` of `d`, as a new data set.
dl::ImageDataset take(const dl::ImageDataset& d, const std::vector<int64_t>& idx,
                      const std::string& name);

/// Fashion-MNIST split for the experiments: `n_train` training and `n_dev` development images
/// drawn at random (disjoint) from the 60,000 training images, and `n_test` of the 10,000 test
/// images (all of them for n_test ≥ 10,000). n_train = 0 takes every training image not in dev.
std::unique_ptr<Split> fashion_split(const Env& env, int64_t n_train, int64_t n_dev,
                                     int64_t n_test, uint64_t seed);

/// The shape of an MLP: [Dense → (BatchNorm) → g → (Dropout)] per hidden layer → Dense.
struct MlpSpec {
    std::vector<int64_t> hidden = {256, 256};
    dl::Activation g = dl::Activation::ReLU;
    dl::nn::Init init = dl::nn::Init::He;
    double keep_prob = 1.0;        ///< dropout after each hidden activation (1: none)
    double input_keep_prob = 1.0;  ///< dropout on the input pixels (1: none)
    bool batchnorm = false;        ///< batch norm between each Dense and its activation
    bool textbook_dropout = false; ///< scale by keep_prob at test time instead of in training
};

/// "784-256-256-10 relu", with "+dropout 0.5", "+BN" when present.
std::string describe(const MlpSpec& s, int64_t inputs, int64_t classes);

/// The model for `s` on inputs of `inputs` features and `classes` outputs, initialised from rng.
std::unique_ptr<dl::nn::Model> build_mlp(const MlpSpec& s, int64_t inputs, int64_t classes,
                                         int64_t max_batch, const dl::nn::Context& ctx,
                                         dl::Rng& rng);

/// How to train.
struct TrainSpec {
    dl::nn::OptimizerKind optimizer = dl::nn::OptimizerKind::Adam;
    double lr = 0.001;
    double l2_lambda = 0.0;     ///< λ of (λ/2m)·Σ‖W‖², m = training images (coupled: dW += (λ/m)·W)
    double weight_decay = 0.0;  ///< AdamW's decoupled λ (optimizer adamw)
    int epochs = 50;
    int64_t batch = 64;
    std::function<double(int)> lr_schedule;  ///< epoch (1, 2, …) → α; empty: constant
    std::optional<dl::AugmentSettings> augment;
    int patience = 0;              ///< early stopping on the dev loss (0: off)
    bool stop_on_accuracy = false; ///< early stopping watches 1 − dev accuracy, not the dev loss
    double target_accuracy = 0.0;  ///< stop at the first epoch whose dev accuracy reaches it
    bool test = false;             ///< evaluate on the test set at the end
    std::string label;             ///< for the progress bar
};

/// What a run did.
struct RunResult {
    std::string model;
    std::vector<double> train_loss, train_acc, dev_loss, dev_acc;  ///< per epoch
    double train_eval_acc = 0;  ///< accuracy on the training set in test mode, after training
    double train_eval_loss = 0; ///< its cross-entropy (1/m)Σ L
    double dev_final_acc = 0;   ///< dev accuracy of the parameters kept (the best epoch with
                                ///< early stopping, else the last)
    double dev_final_loss = 0;  ///< their dev cost
    double test_acc = std::nan("");
    int epochs = 0;             ///< epochs trained
    int best_epoch = 0;         ///< early stopping's choice (0: none)
    int target_epoch = 0;       ///< first epoch reaching target_accuracy (0: never)
    double seconds = 0;         ///< training time (the epochs' steps)
    std::shared_ptr<dl::nn::Model> net;  ///< the trained network
    double gap() const { return train_eval_acc - dev_final_acc; }
};

/// Trains `spec` on split.train with `t`, evaluating on split.dev after each epoch.
RunResult train_run(const Split& split, const MlpSpec& spec, const TrainSpec& t, const Env& env,
                    uint64_t seed);

/// {"train_accuracy", "dev_accuracy", "gap", "epochs", …} of a run.
dl::Json to_json(const RunResult& r);

/// The message printed when a section needs Fashion-MNIST and it is absent; the section's
/// figures are written as placeholders saying how to get it (the course notes still build).
void say_skipped(const Env& env, const char* section, const std::vector<std::string>& figures);

/// A figure's path in the output folder.
std::string figure(const Env& env, const std::string& name);

}  // namespace ch05
