/// @file judge.cpp
/// @brief The classifier that judges generated images (see judge.hpp).
#include "judge.hpp"

#include <algorithm>
#include <cstdio>

#include "nn/activation_layer.hpp"
#include "nn/data_source.hpp"
#include "nn/loss.hpp"
#include "nn/optimizer.hpp"
#include "nn/trainer.hpp"

namespace ch08 {

using namespace dl;

namespace {
constexpr int64_t kEvalBatch = 500;
}

Tensor images_tensor(const ImageDataset& d, Device device, int64_t limit) {
    const int64_t n = d.features(), N = limit > 0 ? std::min(limit, d.count()) : d.count();
    std::vector<double> v(std::size_t(n * N));
    for (int64_t i = 0; i < n * N; ++i) v[std::size_t(i)] = d.pixels[std::size_t(i)] * double(d.scale);
    return Tensor::from_values(Shape::matrix(n, N), v).to(device);
}

Judge::Judge(std::unique_ptr<nn::Sequential> net, const ImageDataset& train,
             const ImageDataset& test, const JudgeSettings& s) {
    // The features: the input of the last layer (the logits' Dense), i.e. the last activation.
    DL_CHECK(net->size() >= 2, "Judge: the classifier needs a hidden layer");
    feature_layer_ = net->size() - 2;
    DL_CHECK(dynamic_cast<nn::ActivationLayer*>(&(*net)[feature_layer_]) != nullptr,
             "Judge: the layer before the logits must be an activation");
    const Shape in = Shape::images(1, 1, train.height, train.width);
    nn::Context ctx{s.device, DType::F32};
    model_ = std::make_unique<nn::Model>(std::move(net), in, kEvalBatch, ctx);
    Rng init(s.seed * 31 + 5);
    model_->initialize(init);
    {
        auto& seq = static_cast<nn::Sequential&>(model_->net());
        Shape sh = in;
        for (std::size_t i = 0; i <= feature_layer_; ++i) sh = seq[i].out_shape(sh);
        feature_dim_ = sh.rows();
    }
    name_ = model_->describe();

    const DeviceImages dtrain = to_device(train, s.device), dtest = to_device(test, s.device);
    const nn::ImageSource train_src(dtrain, train.height, train.width);
    const nn::ImageSource test_src(dtest, test.height, test.width);
    nn::SoftmaxCrossEntropy loss;
    auto opt = nn::make_optimizer(nn::OptimizerKind::Adam, model_->params(), s.lr);
    nn::TrainOptions to;
    to.batch = s.batch;
    to.seed = s.seed + 101;
    to.progress = s.progress;
    nn::Trainer trainer(*model_, loss, *opt, train_src, to);
    for (int e = 1; e <= s.epochs; ++e) {
        trainer.set_epochs_planned(s.epochs);
        trainer.train_epoch();
    }
    test_accuracy_ = trainer.evaluate(test_src).accuracy;

    std::vector<int> pred;
    MatrixD F;
    classify(images_tensor(test, s.device), pred, &F);
    real_ = feature_moments(F);
    classify(images_tensor(train, s.device, 10000), pred, &train_features_);
}

void Judge::classify(const Tensor& X, std::vector<int>& predictions, MatrixD* features) {
    const int64_t N = X.cols();
    predictions.assign(std::size_t(N), 0);
    if (features) features->resize(feature_dim_, N);
    auto& seq = static_cast<nn::Sequential&>(model_->net());
    const Tensor Xm = X.reshape(Shape::matrix(X.numel() / N, N));
    for (int64_t j0 = 0; j0 < N; j0 += kEvalBatch) {
        const int64_t j1 = std::min(N, j0 + kEvalBatch);
        const std::vector<double> logits = model_->forward(Xm.slice_cols(j0, j1).reshape(model_->input_shape(j1 - j0)), {false}).values();
        const int64_t K = int64_t(logits.size()) / (j1 - j0);
        for (int64_t j = 0; j < j1 - j0; ++j) {
            const double* col = logits.data() + j * K;
            predictions[std::size_t(j0 + j)] = int(std::max_element(col, col + K) - col);
        }
        if (features) {
            const std::vector<double> f = seq.output(feature_layer_).values();
            for (int64_t j = 0; j < j1 - j0; ++j)
                for (int64_t i = 0; i < feature_dim_; ++i)
                    (*features)(i, j0 + j) = f[std::size_t(j * feature_dim_ + i)];
        }
    }
}

double Judge::real_floor(int64_t n) const {
    const int64_t k = std::min<int64_t>(n, train_features_.cols());
    return frechet_distance(feature_moments(train_features_.leftCols(k)), real_);
}

}  // namespace ch08
