/// @file nn_test_util.hpp
/// @brief Helpers shared by the tests of common/nn: error messages, temporary folders, small
/// data sets.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>

#include "data/image_dataset.hpp"
#include "test_util.hpp"

namespace dl::test {

/// True when f throws a dl::Error whose message contains `part` (records a failure otherwise).
inline bool message_has(const std::function<void()>& f, const std::string& part) {
    try {
        f();
    } catch (const Error& e) {
        if (std::string(e.what()).find(part) != std::string::npos) return true;
        ADD_FAILURE() << "message '" << e.what() << "' lacks '" << part << "'";
        return false;
    }
    ADD_FAILURE() << "no dl::Error thrown (expected one saying '" << part << "')";
    return false;
}

/// A fresh folder under the system's temporary directory, unique to this process and `tag`.
inline std::string temp_dir(const std::string& tag) {
    auto dir = std::filesystem::temp_directory_path() /
               ("dl_nn_" + tag + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir.string();
}

/// Two classes of 2x2-pixel "images": bright on the left or on the right column.
inline ImageDataset tiny_images(int count, uint64_t seed = 9) {
    ImageDataset d;
    d.name = "tiny";
    d.height = 2;
    d.width = 2;
    d.classes = 2;
    d.class_names = {"left", "right"};
    Rng rng(seed);
    for (int j = 0; j < count; ++j) {
        const int c = j % 2;
        for (int p = 0; p < 4; ++p)
            d.pixels.push_back(uint8_t((p % 2 == c ? 200 : 20) + rng.below(40)));
        d.labels.push_back(c);
    }
    return d;
}

}  // namespace dl::test
