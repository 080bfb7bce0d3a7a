/// @file real_data.hpp
/// @brief Section 6: the deep network [LINEAR→ReLU]×(L−1)→LINEAR→softmax on real images —
/// the 8x8 digits (shipped), Fashion-MNIST, MNIST — with mini-batches, a validation split,
/// curves, a confusion matrix, the misclassified images, and saving/loading the parameters.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "data/image_dataset.hpp"
#include "io/json.hpp"
#include "kernels/activation.hpp"
#include "nn/init.hpp"
#include "nn/optimizer.hpp"

namespace ch04 {

struct TrainSettings {
    std::string data;                  ///< "digits", "fashion", "mnist" or a folder / file
    std::vector<int64_t> hidden;       ///< hidden layer sizes
    int epochs = 10;
    int64_t batch = 64;
    double lr = 0.001;
    double decay = 0.0;                ///< α = α0 / (1 + decay·epoch_num), epoch_num from 0
    dl::nn::OptimizerKind optimizer = dl::nn::OptimizerKind::Adam;
    dl::Activation activation = dl::Activation::ReLU;
    dl::nn::Init init = dl::nn::Init::He;
    double val_fraction = 0.1;
    dl::Device device = dl::Device::CPU;
    uint64_t seed = 1;
    bool progress = false;
    std::string out, save, load;
    std::string checkpoint;  ///< written after every epoch (atomically)
    std::string resume;      ///< a checkpoint to continue from
    bool force = false;
};

struct TrainReport {
    std::string data, model;
    int64_t train_count = 0, val_count = 0, test_count = 0;
    std::vector<double> train_loss, train_acc, val_loss, val_acc, epoch_seconds;
    double test_loss = 0, test_accuracy = 0, seconds_per_epoch = 0;
    int epochs = 0;
    std::vector<std::vector<int64_t>> confusion;  ///< rows: true class, columns: predicted
    std::vector<std::pair<std::string, std::vector<double>>> init_scales;
};

/// {train, test} of the named data set (see --data).
std::pair<dl::ImageDataset, dl::ImageDataset> load_images(const std::string& data, uint64_t seed);

/// Standard deviation of A[l] at initialisation for a 10-layer ReLU net on `X`, per scheme.
std::vector<std::pair<std::string, std::vector<double>>> init_scales(const dl::ImageDataset& d,
                                                                     uint64_t seed);

/// Trains (or loads) and evaluates; prints as it goes; writes the figures.
TrainReport run_training(const TrainSettings& s);

dl::Json to_json(const TrainReport& r);

/// Peak resident memory of this process in MB (VmHWM of /proc/self/status), 0 if unknown.
double peak_rss_mb();

}  // namespace ch04
