/// @file fashion_mnist.hpp
/// @brief Fashion-MNIST and MNIST: finding the four IDX files, checking them, loading them.
///
/// Both sets are 28 x 28 grey images in ten classes, 60,000 for training and 10,000 for
/// testing, in four IDX files (see idx.hpp):
///
///     train-images-idx3-ubyte[.gz]  train-labels-idx1-ubyte[.gz]
///     t10k-images-idx3-ubyte[.gz]   t10k-labels-idx1-ubyte[.gz]
///
/// Where they are looked for:
/// - Fashion-MNIST: the folder given (--data PATH), else $DL_FASHION_MNIST_DIR, else
///   /usr/share/datasets/fashion-mnist (Debian's package dataset-fashion-mnist, which
///   `./course data` installs).
/// - MNIST: the folder given, else $DL_MNIST_DIR, else datasets/mnist/ of the course.
///
/// The SHA-256 of each of Fashion-MNIST's gzip files as Debian ships them is known (below): a
/// file that differs is reported before it is used. Images and labels are checked to agree in
/// count, the images to be 28 x 28 and the labels to be 0 … 9.
#pragma once

#include <string>
#include <utility>

#include "image_dataset.hpp"

namespace dl {

/// Known SHA-256 digests of the Fashion-MNIST files (gzip), by file name.
const char* fashion_mnist_sha256(const std::string& file_name);

/// The ten Fashion-MNIST class names: T-shirt/top, Trouser, …, Ankle boot.
std::vector<std::string> fashion_mnist_classes();

/// Loads an images file and a labels file into one data set; throws dl::Error when either is
/// malformed, when their counts differ, or when a file's SHA-256 differs from `*_sha256`
/// (skipped when empty).
ImageDataset load_idx_pair(const std::string& images_path, const std::string& labels_path,
                           const std::string& name, int classes,
                           const std::string& images_sha256 = "",
                           const std::string& labels_sha256 = "");

/// The folder holding Fashion-MNIST (see the lookup order above), or throws dl::Error saying
/// how to install it. `dir` is the --data PATH ("" for the default).
std::string find_fashion_mnist(const std::string& dir = "");
/// The folder holding MNIST, or throws dl::Error saying where to put the files.
std::string find_mnist(const std::string& dir = "");

/// {train, test} of Fashion-MNIST (SHA-256 checked) from `dir` ("" = look it up).
std::pair<ImageDataset, ImageDataset> load_fashion_mnist(const std::string& dir = "");
/// {train, test} of MNIST from `dir` ("" = look it up).
std::pair<ImageDataset, ImageDataset> load_mnist(const std::string& dir = "");

}  // namespace dl
