/// @file judge.hpp
/// @brief Measuring generated images with a classifier trained on real ones: the share of
/// conditional samples it assigns to the class they were asked for, and the Fréchet distance
/// between the features it sees in real and in generated images.
///
/// On Fashion-MNIST the classifier is chapter 6's LeNet-5 (nn::lenet5), on the 8x8 digits a
/// 64-128-64-10 MLP; the features are the activations of the last hidden layer (LeNet-5's 84
/// units, the MLP's 64). The judge is trained once, on the training images, before the GAN;
/// its test accuracy says how far its verdicts can be trusted (a conditional sample it calls
/// "the wrong class" may be a good sample of a class it confuses).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "data/image_dataset.hpp"
#include "frechet.hpp"
#include "nn/model.hpp"
#include "nn/sequential.hpp"

namespace ch08 {

struct JudgeSettings {
    int epochs = 3;
    double lr = 1e-3;
    int64_t batch = 64;
    uint64_t seed = 1;
    dl::Device device = dl::Device::CPU;
    bool progress = false;
};

class Judge {
public:
    /// Trains `net` (logits last, the features its last hidden activation) on `train` and
    /// measures it on `test`, whose features become the real reference.
    Judge(std::unique_ptr<dl::nn::Sequential> net, const dl::ImageDataset& train,
          const dl::ImageDataset& test, const JudgeSettings& s);

    /// The predicted class and, when `features` is given, the feature vector (d x N) of every
    /// image of X (N images in [0, 1], any batch shape holding H·W pixels per column).
    void classify(const dl::Tensor& X, std::vector<int>& predictions, dl::MatrixD* features);

    double test_accuracy() const { return test_accuracy_; }
    const std::string& name() const { return name_; }
    /// μ and Σ of the test images' features: the reference of the Fréchet distance.
    const FeatureMoments& real_moments() const { return real_; }
    /// The Fréchet distance of real *training* images against the test images (as many as a
    /// generated set): the best a generator can hope for.
    double real_floor(int64_t n) const;
    int64_t feature_dim() const { return feature_dim_; }

private:
    std::unique_ptr<dl::nn::Model> model_;
    std::string name_;
    double test_accuracy_ = 0;
    FeatureMoments real_;
    int64_t feature_dim_ = 0;
    std::size_t feature_layer_ = 0;
    dl::MatrixD train_features_;  // of (up to) 10,000 training images, for real_floor()
};

/// Images in [0, 1] as a [H·W x N] tensor on `device`, from a data set's bytes.
dl::Tensor images_tensor(const dl::ImageDataset& d, dl::Device device, int64_t limit = 0);

}  // namespace ch08
