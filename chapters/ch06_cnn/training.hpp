/// @file training.hpp
/// @brief Section 5: LeNet-5 and the small ResNet trained on Fashion-MNIST (or MNIST) — loss
/// and accuracy curves, the confusion matrix, the learned first-layer filters as an image.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/device.hpp"
#include "data/image_dataset.hpp"
#include "io/json.hpp"

namespace ch06 {

/// The data of the training sections: {train, test}, and the name to print.
struct ImageData {
    dl::ImageDataset train, test;
    std::string name;  ///< "Fashion-MNIST", "MNIST"
};

/// Loads --data: "fashion" (the default), "mnist", or a folder of the four IDX files. Throws
/// dl::Error saying how to get the data when they are missing.
ImageData load_data(const std::string& data);

/// The images of `d` whose indices are listed (in that order).
dl::ImageDataset subset(const dl::ImageDataset& d, const std::vector<int64_t>& indices);
/// The first `per_class` images of each class (in the data set's order).
dl::ImageDataset first_per_class(const dl::ImageDataset& d, int64_t per_class);

struct TrainSettings {
    std::string model = "lenet";  ///< "lenet" or "resnet"
    int epochs = 10;
    int64_t batch = 64;
    double lr = 1e-3;
    int64_t train_limit = 0;     ///< use only this many training images (0: all), per class evenly
    int64_t test_limit = 0;      ///< evaluate on this many test images (0: all)
    int64_t validation = 5000;   ///< images held out of the training set for the curves
    dl::Device device = dl::Device::CPU;
    uint64_t seed = 1;
    bool progress = false;
    std::string out;
};

struct TrainReport {
    std::string model, data;
    int64_t params = 0, train_count = 0, val_count = 0, test_count = 0;
    int epochs = 0;
    std::vector<double> train_loss, train_acc, val_loss, val_acc, epoch_seconds, lr;
    double test_loss = 0, test_accuracy = 0, seconds_per_epoch = 0, seconds_total = 0;
    int best_epoch = 0;           ///< the epoch with the best validation accuracy
    std::vector<std::vector<int64_t>> confusion;  ///< rows: true class, columns: predicted
    std::vector<std::string> class_names;
};

/// Trains `s.model` on `data`, prints each epoch, evaluates on the test set, writes the figures
/// (curves, confusion matrix, filters) into s.out with the model's name as prefix.
TrainReport run_training(const TrainSettings& s, const ImageData& data);

dl::Json to_json(const TrainReport& r);

/// The cosine learning-rate schedule: α_e = α·(1 + cos(π·(e − 1)/E))/2 for epoch e of E.
double cosine_lr(double lr, int epoch, int epochs);

}  // namespace ch06
