#pragma once
// How many items the next batch should take so that it lasts about a target duration: after
// each batch, the time per item is measured and the size moves toward target / time-per-item,
// at most doubling per batch (a first, small batch probes), shrinking at once when a batch ran
// over, and always within [min, max]. A fixed size turns all of this off.
//
// "Items" are whatever drives the cost: backfill passes the rows it wrote, so that a batch of
// mostly unpriced rows cannot make the next, fully priced one hold its locks too long.

#include <chrono>
#include <cstdint>
#include <optional>

namespace chatcost {

struct batch_sizer_limits {
    std::int64_t min = 100;
    std::int64_t max = 100'000;
    std::int64_t initial = 1'000;
};

class batch_sizer {
public:
    batch_sizer(std::chrono::microseconds target, batch_sizer_limits limits,
                std::optional<std::int64_t> fixed = std::nullopt);

    std::int64_t next() const { return size_; }

    // A batch of `size` items, of which `costly` drove its duration, took `took`.
    void observe(std::int64_t size, std::int64_t costly, std::chrono::microseconds took);

    // Caps the size from now on (e.g. a rate limit: never more than a second's worth).
    void cap(std::int64_t most);

private:
    std::chrono::microseconds target_;
    batch_sizer_limits limits_;
    bool fixed_;
    std::int64_t size_;
    double micros_per_item_ = 0;  // smoothed; 0 until the first useful measurement
};

}  // namespace chatcost
