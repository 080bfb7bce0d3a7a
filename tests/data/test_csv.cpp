// The CSV reader and the shipped data sets: the real files load with the documented sizes and
// labels, and crafted bad files (written to a temporary folder) give errors naming the file,
// the line and the column. Also one-hot labels, stratified splits and standardisation.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "data/breast_cancer.hpp"
#include "data/csv.hpp"
#include "data/dataset.hpp"
#include "data/digits.hpp"
#include "test_util.hpp"

using namespace dl;

namespace {

std::string dataset_path(const std::string& name) { return find_dataset_file(name); }

/// A file in a fresh temporary folder, removed at the end of the test.
class TempFile {
public:
    TempFile(const std::string& name, const std::string& content) {
        dir_ = std::filesystem::temp_directory_path() /
               ("dl_test_csv_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                "_" + std::to_string(reinterpret_cast<uintptr_t>(this)));
        std::filesystem::create_directories(dir_);
        path_ = (dir_ / name).string();
        std::ofstream(path_, std::ios::binary) << content;
    }
    ~TempFile() {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    const std::string& path() const { return path_; }

private:
    std::filesystem::path dir_;
    std::string path_;
};

/// Runs f, expects a dl::Error whose message contains every piece of `wants`.
template <class F>
void expect_error(F f, std::initializer_list<std::string> wants) {
    try {
        f();
        ADD_FAILURE() << "no error thrown";
    } catch (const Error& e) {
        const std::string msg = e.what();
        for (const auto& w : wants) EXPECT_NE(msg.find(w), std::string::npos) << "'" << w << "' not in: " << msg;
    }
}

/// A breast-cancer-style file with `m` rows of 30 features and the given labels.
std::string bc_file(const std::string& header, const std::vector<std::string>& labels) {
    std::string s = header + "\n";
    for (const auto& lab : labels) {
        for (int i = 0; i < 30; ++i) s += std::to_string(i + 1) + ",";
        s += lab + "\n";
    }
    return s;
}

}  // namespace

TEST(Csv, SplitsAndParses) {
    EXPECT_EQ(split_csv_line("1, 2 ,3"), (std::vector<std::string>{"1", "2", "3"}));
    EXPECT_EQ(parse_csv_number("-1.5e2", "f", 1, 1), -150.0);
    expect_error([] { parse_csv_number("abc", "f.csv", 7, 3); }, {"f.csv:7", "column 3", "'abc'"});
    expect_error([] { parse_csv_number("", "f.csv", 2, 1); }, {"f.csv:2", "column 1", "empty"});
}

TEST(Csv, MissingColumnNamesLineAndColumn) {
    TempFile f("t.csv", "1,2,3\n4,5\n");
    expect_error([&] { read_numeric_csv(f.path(), 3, 0); }, {f.path() + ":2", "column 3", "missing"});
}

TEST(Csv, ExtraColumnNamesLineAndColumn) {
    TempFile f("t.csv", "1,2,3\n4,5,6,7\n");
    expect_error([&] { read_numeric_csv(f.path(), 3, 0); }, {f.path() + ":2", "column 4"});
}

TEST(Csv, NonNumericCell) {
    TempFile f("t.csv", "h\n1,2,3\n4,x5,6\n");
    expect_error([&] { read_numeric_csv(f.path(), 3, 1); }, {f.path() + ":3", "column 2", "'x5'"});
}

TEST(Csv, EmptyFileAndMissingFile) {
    TempFile f("empty.csv", "\n\n");
    expect_error([&] { read_numeric_csv(f.path(), 3, 0); }, {f.path(), "empty"});
    expect_error([&] { read_numeric_csv(f.path() + ".nope", 3, 0); }, {"cannot read '", ".nope"});
}

TEST(BreastCancer, LoadsTheShippedFile) {
    Dataset d = load_breast_cancer(dataset_path("breast_cancer.csv"));
    EXPECT_EQ(d.X.rows(), 30);
    EXPECT_EQ(d.X.cols(), 569);
    EXPECT_EQ(d.classes, 2);
    EXPECT_EQ(d.class_names, (std::vector<std::string>{"malignant", "benign"}));
    EXPECT_EQ(d.feature_names.size(), 30u);
    EXPECT_EQ(d.feature_names[0], "mean radius");
    // 212 malignant, 357 benign (the UCI description); first sample: mean radius 17.99, label 0.
    EXPECT_EQ(class_counts(d), (std::vector<int64_t>{212, 357}));
    EXPECT_FLOAT_EQ(static_cast<float>(d.X.at(0, 0)), 17.99f);
    EXPECT_EQ(d.y[0], 0);
}

TEST(BreastCancer, BadFilesNameFileLineColumn) {
    {
        TempFile f("bc.csv", bc_file("2,30,malignant,benign", {"0", "2"}));
        expect_error([&] { load_breast_cancer(f.path()); }, {f.path() + ":3", "column 31", "{0,1}"});
    }
    {
        TempFile f("bc.csv", bc_file("2,30,malignant,benign", {"0", "0.5"}));
        expect_error([&] { load_breast_cancer(f.path()); }, {f.path() + ":3", "column 31"});
    }
    {
        TempFile f("bc.csv", bc_file("3,30,malignant,benign", {"0", "1"}));  // wrong count
        expect_error([&] { load_breast_cancer(f.path()); }, {f.path() + ":1", "column 1", "3 samples"});
    }
    {
        TempFile f("bc.csv", bc_file("2,30,malignant", {"0", "1"}));  // header too short
        expect_error([&] { load_breast_cancer(f.path()); }, {f.path() + ":1", "4 columns"});
    }
    {
        TempFile f("bc.csv", "1,30,malignant,benign\n1,2,3\n");  // missing columns
        expect_error([&] { load_breast_cancer(f.path()); }, {f.path() + ":2", "column 4", "missing"});
    }
    {
        TempFile f("bc.csv", "");
        expect_error([&] { load_breast_cancer(f.path()); }, {f.path(), "empty"});
    }
}

TEST(Digits, LoadsTheShippedGzipFile) {
    Dataset d = load_digits(dataset_path("digits.csv.gz"));
    EXPECT_EQ(d.X.rows(), 64);
    EXPECT_EQ(d.X.cols(), 1797);
    EXPECT_EQ(d.classes, 10);
    // The first image is a 0; its third pixel is 5 (the first line of the file).
    EXPECT_EQ(d.y[0], 0);
    EXPECT_EQ(d.X.at(2, 0), 5.0);
    int64_t total = 0;
    for (auto c : class_counts(d)) {
        EXPECT_GE(c, 170);
        total += c;
    }
    EXPECT_EQ(total, 1797);
}

TEST(Digits, BadLabelAndPixel) {
    std::string row(64 * 2, ' ');
    row.clear();
    for (int i = 0; i < 64; ++i) row += "1,";
    {
        TempFile f("d.csv", row + "3\n" + row + "10\n");
        expect_error([&] { load_digits(f.path()); }, {f.path() + ":2", "column 65", "0..9"});
    }
    {
        TempFile f("d.csv", "17," + row.substr(2) + "3\n");
        expect_error([&] { load_digits(f.path()); }, {f.path() + ":1", "column 1", "0..16"});
    }
}

TEST(Dataset, OneHotSelectAndLabelRow) {
    Tensor Y = one_hot({2, 0, 1}, 3);
    EXPECT_EQ(Y.values(), (std::vector<double>{0, 0, 1, 1, 0, 0, 0, 1, 0}));
    EXPECT_THROW(one_hot({3}, 3), Error);
    Dataset d;
    d.name = "toy";
    d.classes = 2;
    d.X = Tensor::from_values(Shape::matrix(2, 3), {1, 2, 3, 4, 5, 6});
    d.y = {0, 1, 1};
    Dataset s = select(d, {2, 0});
    EXPECT_EQ(s.X.values(), (std::vector<double>{5, 6, 1, 2}));
    EXPECT_EQ(s.y, (std::vector<int>{1, 0}));
    EXPECT_EQ(label_row(d.y).values(), (std::vector<double>{0, 1, 1}));
}

TEST(Dataset, StratifiedSplitKeepsClassShares) {
    Dataset d = load_breast_cancer(dataset_path("breast_cancer.csv"));
    Rng rng(1);
    auto [train, test] = stratified_split(d, 0.2, rng);
    EXPECT_EQ(train.X.cols() + test.X.cols(), 569);
    // round(0.2·212) = 42 malignant and round(0.2·357) = 71 benign go to the test set.
    EXPECT_EQ(class_counts(test), (std::vector<int64_t>{42, 71}));
    EXPECT_EQ(class_counts(train), (std::vector<int64_t>{170, 286}));
    // Same seed, same split.
    Rng rng2(1);
    auto [train2, test2] = stratified_split(d, 0.2, rng2);
    EXPECT_EQ(test2.y, test.y);
    EXPECT_EQ(test2.X.values(), test.X.values());
}

TEST(Dataset, StandardizerUsesTrainingStatistics) {
    // Feature 0: 1, 2, 3 → μ = 2, σ = sqrt(2/3). Feature 1 constant → σ = 0 is taken as 1.
    Tensor X = Tensor::from_values(Shape::matrix(2, 3), {1, 5, 2, 5, 3, 5});
    Standardizer s = Standardizer::fit(X);
    EXPECT_NEAR(s.mean.at(0, 0), 2.0, 1e-7);
    EXPECT_NEAR(s.stddev.at(0, 0), std::sqrt(2.0 / 3.0), 1e-7);
    EXPECT_EQ(s.stddev.at(1, 0), 1.0);
    Tensor T = Tensor::from_values(Shape::matrix(2, 1), {4, 7});  // a "test" sample
    s.apply(T);
    EXPECT_NEAR(T.at(0, 0), 2.0 / std::sqrt(2.0 / 3.0), 1e-6);
    EXPECT_NEAR(T.at(1, 0), 2.0, 1e-6);
    Tensor bad = Tensor::zeros(Shape::matrix(3, 1));
    EXPECT_THROW(s.apply(bad), Error);
}
