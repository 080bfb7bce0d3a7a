/// @file fashion_mnist.cpp
/// @brief Fashion-MNIST and MNIST lookup and loading (see fashion_mnist.hpp).
#include "fashion_mnist.hpp"

#include <cstdlib>
#include <filesystem>

#include "idx.hpp"

namespace dl {

namespace {
namespace fs = std::filesystem;

const char* const kDebianFashionDir = "/usr/share/datasets/fashion-mnist";
const char* const kFiles[4] = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                               "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

/// The file `base` or `base`.gz in dir, or "" when neither exists.
std::string find_file(const std::string& dir, const std::string& base) {
    std::error_code ec;
    for (const std::string& name : {base + ".gz", base})
        if (fs::is_regular_file(fs::path(dir) / name, ec)) return (fs::path(dir) / name).string();
    return "";
}

bool has_all_files(const std::string& dir) {
    for (const char* f : kFiles)
        if (find_file(dir, f).empty()) return false;
    return true;
}

std::string missing_files(const std::string& dir) {
    std::string s;
    for (const char* f : kFiles)
        if (find_file(dir, f).empty()) s += (s.empty() ? "" : ", ") + std::string(f) + "[.gz]";
    return s;
}

std::pair<ImageDataset, ImageDataset> load_four(const std::string& dir, const std::string& name,
                                                std::vector<std::string> class_names,
                                                bool check_sha) {
    std::string paths[4];
    for (int i = 0; i < 4; ++i) paths[i] = find_file(dir, kFiles[i]);
    auto sha = [&](int i) -> std::string {
        if (!check_sha) return "";
        const char* s = fashion_mnist_sha256(fs::path(paths[i]).filename().string());
        return s ? s : "";
    };
    ImageDataset train = load_idx_pair(paths[0], paths[1], name + " train", 10, sha(0), sha(1));
    ImageDataset test = load_idx_pair(paths[2], paths[3], name + " test", 10, sha(2), sha(3));
    train.class_names = class_names;
    test.class_names = class_names;
    DL_CHECK(train.height == test.height && train.width == test.width, name,
             ": training images are ", train.height, " x ", train.width, ", test images ",
             test.height, " x ", test.width);
    return {std::move(train), std::move(test)};
}
}  // namespace

const char* fashion_mnist_sha256(const std::string& file_name) {
    // Computed once from the files of Debian's dataset-fashion-mnist package.
    if (file_name == "train-images-idx3-ubyte.gz")
        return "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7";
    if (file_name == "train-labels-idx1-ubyte.gz")
        return "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056";
    if (file_name == "t10k-images-idx3-ubyte.gz")
        return "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa";
    if (file_name == "t10k-labels-idx1-ubyte.gz")
        return "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05";
    return nullptr;
}

std::vector<std::string> fashion_mnist_classes() {
    return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
}

namespace {
/// read_idx(path), then its SHA-256 against `sha256` (skipped when empty).
IdxArray read_checked(const std::string& path, const std::string& sha256) {
    IdxArray a = read_idx(path);
    DL_CHECK(sha256.empty() || a.sha256 == sha256, "'", path, "' has SHA-256 ", a.sha256,
             ", expected ", sha256, ": the file is damaged or not the published one (reinstall it)");
    return a;
}
}  // namespace

ImageDataset load_idx_pair(const std::string& images_path, const std::string& labels_path,
                           const std::string& name, int classes,
                           const std::string& images_sha256, const std::string& labels_sha256) {
    IdxArray images = read_checked(images_path, images_sha256);
    DL_CHECK(images.dims.size() == 3, "'", images_path, "': an images file has rank 3 (count, rows, "
             "columns), this one has rank ", images.dims.size());
    IdxArray labels = read_checked(labels_path, labels_sha256);
    DL_CHECK(labels.dims.size() == 1, "'", labels_path, "': a labels file has rank 1, this one has "
             "rank ", labels.dims.size());
    DL_CHECK(images.dims[0] == labels.dims[0], "'", images_path, "' holds ", images.dims[0],
             " images but '", labels_path, "' holds ", labels.dims[0], " labels");
    ImageDataset d;
    d.name = name;
    d.height = images.dims[1];
    d.width = images.dims[2];
    d.classes = classes;
    d.scale = 1.0f / 255.0f;
    d.pixels = std::move(images.data);
    d.labels.resize(labels.data.size());
    for (std::size_t i = 0; i < labels.data.size(); ++i) {
        DL_CHECK(labels.data[i] < classes, "'", labels_path, "': label ", int(labels.data[i]),
                 " of sample ", i, " is outside 0 … ", classes - 1);
        d.labels[i] = labels.data[i];
    }
    for (int k = 0; k < classes; ++k) d.class_names.push_back(std::to_string(k));
    return d;
}

std::string find_fashion_mnist(const std::string& dir) {
    if (!dir.empty()) {
        DL_CHECK(has_all_files(dir), "--data '", dir, "': missing Fashion-MNIST files ",
                 missing_files(dir));
        return dir;
    }
    if (const char* env = std::getenv("DL_FASHION_MNIST_DIR"); env && *env) {
        DL_CHECK(has_all_files(env), "DL_FASHION_MNIST_DIR='", env,
                 "': missing Fashion-MNIST files ", missing_files(env));
        return env;
    }
    DL_CHECK(has_all_files(kDebianFashionDir),
             "Fashion-MNIST not found in ", kDebianFashionDir,
             ": install it with `./course data` (Debian package dataset-fashion-mnist), or pass "
             "the folder holding its four IDX files with --data PATH");
    return kDebianFashionDir;
}

std::string find_mnist(const std::string& dir) {
    if (!dir.empty()) {
        DL_CHECK(has_all_files(dir), "--data '", dir, "': missing MNIST files ", missing_files(dir));
        return dir;
    }
    if (const char* env = std::getenv("DL_MNIST_DIR"); env && *env) {
        DL_CHECK(has_all_files(env), "DL_MNIST_DIR='", env, "': missing MNIST files ",
                 missing_files(env));
        return env;
    }
    std::string tried;
    try {
        // datasets/mnist/ of the course, looked up like every shipped data file.
        for (const char* f : kFiles) {
            for (const std::string& name : {std::string(f) + ".gz", std::string(f)}) {
                try {
                    const std::string p = find_dataset_file("mnist/" + name);
                    const std::string d = fs::path(p).parent_path().string();
                    if (has_all_files(d)) return d;
                    tried = d;
                } catch (const Error&) {
                }
            }
        }
    } catch (const Error&) {
    }
    fail("MNIST not found", tried.empty() ? "" : " (incomplete in '" + tried + "')",
         ": put the four IDX files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
         "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) in datasets/mnist/, or set "
         "DL_MNIST_DIR, or pass their folder with --data PATH");
}

std::pair<ImageDataset, ImageDataset> load_fashion_mnist(const std::string& dir) {
    return load_four(find_fashion_mnist(dir), "fashion-mnist", fashion_mnist_classes(), true);
}

std::pair<ImageDataset, ImageDataset> load_mnist(const std::string& dir) {
    std::vector<std::string> names;
    for (int k = 0; k < 10; ++k) names.push_back(std::to_string(k));
    return load_four(find_mnist(dir), "mnist", names, false);
}

}  // namespace dl
