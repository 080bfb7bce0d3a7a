/// @file images.hpp
/// @brief GANs on images: a dense GAN on the 8x8 digits, a convolutional GAN (DCGAN, Radford
/// et al. 2016) and a conditional GAN on Fashion-MNIST; sample grids per epoch and per class,
/// loss curves, and the judge's measurements per epoch.
///
/// Generators end in tanh, so real images are scaled to [−1, 1] (x ↦ 2x − 1) for the game and
/// generated ones back to [0, 1] for the judge and the pictures.
///
/// The convolutional pair, as DCGAN builds it (batch norm in both, no pooling — strides do the
/// resizing — ReLU in G and leaky ReLU in D, tanh at G's output, Adam with β₁ = 0.5):
///
///     G:  [z; y] → Dense(7·7·2c) → Reshape(2c×7×7) → BN → ReLU
///                → ConvT 4x4 s2 p1 → c×14×14 → BN → ReLU → ConvT 4x4 s2 p1 → 1×28×28 → tanh
///     D:  [x; y] → LabelChannels (1 + 10 channels) → Conv 4x4 s2 p1 → c×14×14 → LeakyReLU(0.2)
///                → Conv 4x4 s2 p1 → 2c×7×7 → BN → LeakyReLU(0.2) → Dense(1)
///
/// (without y and LabelChannels for the unconditional GAN).
#pragma once

#include <string>
#include <vector>

#include "core/device.hpp"
#include "exercises/ch08.hpp"
#include "io/json.hpp"

namespace ch08 {

struct ImageGanSettings {
    std::string data = "digits";  ///< "digits" (dense nets) or "fashion" (convolutional nets)
    std::string fashion_dir;      ///< where Fashion-MNIST is ("" = look it up)
    bool conditional = false;
    int epochs = 30;
    int64_t batch = 64;
    int64_t z_dim = 0;            ///< 0: 16 for the digits, 64 for Fashion-MNIST
    int64_t width = 32;           ///< c of the convolutional nets above
    double lr = 2e-4;
    int64_t train_limit = 0;      ///< use only the first N training images (0: all)
    int64_t eval_samples = 0;     ///< generated images judged per epoch (0: 1,000 / 5,000)
    int judge_epochs = 0;         ///< 0: 30 for the digits' MLP, 3 for LeNet-5
    int grid_every = 1;           ///< save the sample grid every N epochs (and the last)
    uint64_t seed = 1;
    dl::Device device = dl::Device::CPU;
    bool progress = false;
    std::string out;
};

struct ImageGanReport {
    std::string data, generator, discriminator, judge;
    int64_t g_params = 0, d_params = 0, train_images = 0;
    bool conditional = false;
    double judge_test_accuracy = 0;
    double real_frechet = 0;                    ///< real training vs test images: the floor
    std::vector<double> d_loss, g_loss, d_real, d_fake;  ///< per epoch (means over its steps)
    std::vector<double> frechet;                ///< per epoch
    std::vector<double> class_accuracy;         ///< per epoch: share judged as requested (cGAN)
    std::vector<double> classes_present;        ///< per epoch: classes the judge sees (of 10)
    std::vector<double> per_class_accuracy;     ///< the last epoch, per requested class (cGAN)
    std::vector<double> seconds;                ///< per epoch (training steps only)
    std::vector<std::string> grids;             ///< the PNG files written
};

/// Trains and measures one image GAN; writes its figures and history into s.out.
ImageGanReport run_image_gan(const ImageGanSettings& s);

dl::Json to_json(const ImageGanReport& r);

}  // namespace ch08
