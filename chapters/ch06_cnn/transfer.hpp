/// @file transfer.hpp
/// @brief Section 6: transfer learning (迁移学习) — LeNet-5 learns five Fashion-MNIST classes,
/// then the other five from a small labelled set: trained from scratch, with everything but the
/// softmax layer frozen (the lecture's recipe for little data), with only the convolutions
/// frozen, or fine-tuned throughout. Frozen is a flag in the parameter store: nothing is
/// copied.
#pragma once

#include <string>
#include <vector>

#include "io/json.hpp"
#include "training.hpp"

namespace ch06 {

struct TransferSettings {
    int64_t task_a_per_class = 6000;  ///< training images per class of task A (0-4)
    int epochs_a = 3;
    std::vector<int64_t> labelled_per_class = {10, 50, 200};  ///< task B's labelled sets, per class
    int64_t steps_b = 300;  ///< training steps on task B (at least 20 epochs)
    double lr = 1e-3;
    uint64_t seed = 1;
    dl::Device device = dl::Device::CPU;
};

/// The ways task B is learned: what is started afresh and what is frozen.
struct TransferMethod {
    std::string name;
    bool pretrained;             ///< start from task A's weights (then new dense layers …)
    std::string new_prefix;      ///< … for the parameters whose names start with any of these
    std::vector<std::string> frozen;  ///< name prefixes frozen during training on task B
    int64_t trainable = 0, frozen_count = 0;
};

struct TransferRow {
    int64_t labelled = 0;  ///< task B's labelled images
    int epochs = 0;
    std::vector<double> accuracy;  ///< test accuracy on task B, one per method
};

struct TransferReport {
    double task_a_accuracy = 0;
    int64_t task_b_test = 0;
    bool frozen_unchanged = true;
    std::vector<TransferMethod> methods;
    std::vector<TransferRow> rows;  ///< one per size of the labelled set
};

/// Writes transfer.svg into `out`.
TransferReport run_transfer(const TransferSettings& s, const ImageData& data,
                            const std::string& out);
dl::Json to_json(const TransferReport& r);

}  // namespace ch06
