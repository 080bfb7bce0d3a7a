/// @file trainer.hpp
/// @brief dl::nn::Trainer: mini-batch training of any model, on any loss and data source.
///
/// One epoch (一个 epoch: one pass over the training set):
///
///     shuffle the sample order
///     for each mini-batch of m samples (the last one may be smaller):
///         X, Y ← the batch                          (source.gather)
///         every dW ← 0                              (model.zero_grad: one fill)
///         Z ← model(X)                              (forward, training mode)
///         L, dZ ← loss(Z, Y)                        (dZ = ∂J/∂Z, the 1/m included)
///         every dW += ∂J/∂W                         (model.backward)
///         clip ‖dW‖ if asked                        (clip_grad_norm)
///         update every parameter                    (optimizer.step)
///         add the batch's loss and hits to the epoch's totals (on the device)
///
/// Every buffer is allocated by the constructor: after it, a training step allocates nothing
/// (a test counts the allocations). On the GPU the loop stays on the device; the host reads the
/// three running totals every 50 steps. A loss that becomes NaN or infinite stops training with
/// a dl::Error naming the epoch, the step and the learning rate.
///
/// fit() runs epochs, evaluates on a validation source after each, keeps the history for the
/// loss curves and calls a hook that may stop early (EarlyStopping). save_checkpoint() and
/// load_checkpoint() make a run resumable: a resumed run reaches bit for bit the weights of an
/// uninterrupted one (checkpoint.hpp).
///
/// Data parallelism (dist/world.hpp): when n ranks train together, `batch` is the global batch.
/// Each rank shuffles with the same seed, takes its share of every batch (dist/shard.hpp), and
/// after the backward pass the ranks average their gradients with one all-reduce of the flat
/// buffer, so every rank applies the same update to the same weights:
///
///         every dW += ∂J_r/∂W on this rank's m_r samples  (model.backward)
///         dW ← (1/n) Σ_r (n·m_r/m)·dW_r                   (one all-reduce: the global batch's)
///
/// The constructor checks that every rank has the same data set size, batch, parameters and
/// seed, and gives every rank rank 0's initial parameters (broadcast). At the end of an epoch
/// the loss and accuracy totals are summed over the ranks and the buffers (batch norm's running
/// statistics) averaged; evaluate() runs whole on every rank. Only rank 0 draws the progress bar
/// and writes checkpoints. With one rank (the default) none of this runs: the loop is the one
/// above, bit for bit.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "../core/rng.hpp"
#include "data_source.hpp"
#include "loss.hpp"
#include "model.hpp"
#include "optimizer.hpp"

namespace dl::dist {
class Communicator;
}

namespace dl::nn {

struct TrainOptions {
    int64_t batch = 64;       ///< mini-batch size m (at most the model's largest batch)
    uint64_t seed = 1;        ///< seeds the shuffling and the dropout masks
    bool progress = false;    ///< draw a progress bar on stderr
    double clip_norm = 0.0;   ///< global gradient-norm limit (0: no clipping)
    /// The learning rate of epoch e (1, 2, …); empty: the optimizer's keeps its own.
    std::function<double(int epoch)> lr_schedule;
    /// The ranks that train together; null: dist::world() for the model's device (a single
    /// process unless mpirun started several). Must outlive the trainer.
    dist::Communicator* comm = nullptr;
};

/// What one epoch did.
struct EpochRecord {
    int epoch = 0;
    double lr = 0;
    double train_loss = 0;      ///< mean training loss over the epoch (as the weights moved)
    double train_accuracy = 0;  ///< share of training samples classified right during the epoch
    double val_loss = 0;        ///< NaN when there is no validation set
    double val_accuracy = 0;
    double seconds = 0;         ///< wall time of the epoch's steps
    int64_t steps = 0;
};

struct EvalResult {
    double loss = 0;
    double accuracy = 0;
    std::vector<int32_t> predictions;  ///< argmax of each column of A (when asked for)
};

class Trainer {
public:
    /// model, loss, optimizer and source must outlive the trainer; the source must be on the
    /// model's device. Allocates every buffer of the loop.
    Trainer(Model& model, Loss& loss, Optimizer& opt, const DataSource& train,
            TrainOptions options);

    /// One epoch (the next one: epoch() + 1).
    EpochRecord train_epoch();
    /// Loss and accuracy on `data` (any size; evaluation mode), in batches; the predicted
    /// classes too when `predictions` is true.
    EvalResult evaluate(const DataSource& data, bool predictions = false);

    /// Trains up to `epochs` more epochs; after each, evaluates on `val` (when given), records
    /// the epoch, and calls `after_epoch`, which returns false to stop (early stopping).
    const std::vector<EpochRecord>& fit(int epochs, const DataSource* val = nullptr,
                                        const std::function<bool(const EpochRecord&)>&
                                            after_epoch = {});

    /// Epochs completed so far (restored by load_checkpoint).
    int epoch() const { return epoch_; }
    const std::vector<EpochRecord>& history() const { return history_; }
    /// Total epochs of the current fit() call (for the progress label); set by fit().
    void set_epochs_planned(int n) { planned_ = n; }

    /// Writes parameters, buffers, optimizer state, epoch, step and the shuffling generator's
    /// state to `path` atomically (checkpoint.hpp); refuses to replace a file unless `overwrite`.
    void save_checkpoint(const std::string& path, bool overwrite) const;
    /// Restores everything save_checkpoint() wrote; names every slot that does not match.
    void load_checkpoint(const std::string& path);

    Model& model() { return model_; }
    Optimizer& optimizer() { return opt_; }
    /// The ranks this trainer trains with (a single process: rank 0 of 1).
    dist::Communicator& comm() { return *comm_; }

private:
    void join_ranks();
    void average_gradients(int64_t m, int64_t m_r);

    Model& model_;
    Loss& loss_;
    Optimizer& opt_;
    const DataSource& train_;
    TrainOptions o_;
    Rng rng_;
    dist::Communicator* comm_;
    uint64_t pass_seed_;  ///< dropout masks: the run's seed, mixed with the rank beyond rank 0
    int epoch_ = 0, planned_ = 0;
    Tensor X_, Y_, acc_, clip_scratch_;
    DeviceArray<int32_t> order_, eval_order_;
    std::vector<int32_t> host_order_;
    std::vector<EpochRecord> history_;
};

/// The after-epoch hook for early stopping (提前停止): remembers the parameters of the epoch with
/// the lowest validation loss, stops after `patience` epochs without improvement, and puts
/// the best parameters back (restore()).
class EarlyStopping {
public:
    EarlyStopping(ParamStore& params, int patience);
    /// Records the epoch; false when training should stop.
    bool operator()(const EpochRecord& r);
    /// Copies the best epoch's parameters back into the model.
    void restore();
    int best_epoch() const { return best_epoch_; }
    double best_loss() const { return best_loss_; }

private:
    ParamStore& params_;
    int patience_, best_epoch_ = 0, waited_ = 0;
    double best_loss_;
    Tensor best_values_, best_buffers_;
};

}  // namespace dl::nn
