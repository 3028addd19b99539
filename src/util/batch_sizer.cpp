#include "util/batch_sizer.hpp"

#include <algorithm>
#include <cmath>

namespace chatcost {

namespace {

// A batch this small says little about the time per item: fixed costs (round trips) dominate.
constexpr std::int64_t least_informative_items = 20;
// Smoothing of the time per item: the newest batch counts this much.
constexpr double newest_weight = 0.5;
// How far past the initial size a batch may grow before any costly item was measured.
constexpr std::int64_t unmeasured_growth = 16;

}  // namespace

batch_sizer::batch_sizer(std::chrono::microseconds target, batch_sizer_limits limits,
                         std::optional<std::int64_t> fixed)
    : target_(target), limits_(limits), fixed_(fixed.has_value()) {
    limits_.min = std::max<std::int64_t>(1, limits_.min);
    limits_.max = std::max(limits_.min, limits_.max);
    size_ = fixed ? std::max<std::int64_t>(1, *fixed) : std::clamp(limits_.initial, limits_.min, limits_.max);
}

void batch_sizer::observe(std::int64_t size, std::int64_t costly, std::chrono::microseconds took) {
    if (fixed_) return;
    const double target = static_cast<double>(target_.count());
    const double duration = static_cast<double>(took.count());
    double estimate = micros_per_item_;
    if (costly >= least_informative_items) {
        double measured = duration / static_cast<double>(costly);
        micros_per_item_ = micros_per_item_ == 0
                               ? measured
                               : newest_weight * measured + (1 - newest_weight) * micros_per_item_;
        // Cautious both ways: slower at once, faster only as the average catches up.
        estimate = std::max(micros_per_item_, measured);
    }
    // Nothing costly measured yet: grow, but not so far that the first costly batch could run
    // far over the target.
    std::int64_t wanted = std::min(size * 2, limits_.initial * unmeasured_growth);
    if (estimate > 0) wanted = static_cast<std::int64_t>(std::floor(target / estimate));
    // Grow at most twofold (the next batch may be costlier than this one); shrink at once when
    // this batch ran over, else by half at most.
    std::int64_t lowest = duration > target ? limits_.min : std::max<std::int64_t>(1, size_ / 2);
    std::int64_t next = std::clamp(wanted, lowest, std::max<std::int64_t>(1, size_) * 2);
    size_ = std::clamp(next, limits_.min, limits_.max);
}

void batch_sizer::cap(std::int64_t most) {
    limits_.max = std::max<std::int64_t>(1, std::min(limits_.max, most));
    limits_.min = std::min(limits_.min, limits_.max);
    size_ = std::clamp(size_, limits_.min, limits_.max);
    if (fixed_) size_ = std::min(size_, most);
}

}  // namespace chatcost
