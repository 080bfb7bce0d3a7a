/// @file history.hpp
/// @brief The history of a training run: one JSON object per epoch, one object per line
/// ("JSON lines", `.jsonl`), written beside the figures that are drawn from it.
///
///     dl::History h(dl::join_path(opts.out, "history.jsonl"));
///     for (int e = 1; e <= epochs; ++e) {
///         ...
///         h.add({{"epoch", e}, {"train_loss", loss}, {"val_accuracy", acc}});
///     }
///     h.save();
///     plot.line(h.column("epoch"), h.column("train_loss"), "training");
///
/// The file is rewritten atomically (io/atomic_file.hpp) by save() and, during a long run, by
/// add() at most once per `save_every` seconds, so a reader (`tail`, a plotting script, a run
/// that was stopped) always finds whole lines: the epochs so far. A key keeps its place in
/// every row; a non-finite number is written as null and read back by column() as NaN.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "json.hpp"

namespace dl {

class History {
public:
    explicit History(std::string path, double save_every = 1.0);

    /// Appends one row (a JSON object); saves when `save_every` seconds passed since the last.
    void add(Json row);
    /// Writes every row so far to the file, atomically.
    void save();

    const std::vector<Json>& rows() const { return rows_; }
    std::size_t size() const { return rows_.size(); }
    const std::string& path() const { return path_; }

    /// The values of `key` down the rows, as numbers: NaN where a row lacks the key or holds
    /// null; a key that is in no row at all is an error (a typo in a plot would draw nothing).
    std::vector<double> column(const std::string& key) const;

    /// The rows of a .jsonl file (blank lines skipped); throws dl::Error naming the file and
    /// the line when a line is not a JSON object.
    static std::vector<Json> read(const std::string& path);

private:
    std::string path_;
    double save_every_;
    std::vector<Json> rows_;
    std::chrono::steady_clock::time_point last_save_;
};

}  // namespace dl
