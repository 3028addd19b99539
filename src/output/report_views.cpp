#include "output/report_views.hpp"

namespace chatcost::output {

report_views& report_views::for_people(value view) {
    for_people_ = std::move(view);
    nothing_for_people_ = false;
    return *this;
}

report_views& report_views::nothing_for_people() {
    for_people_.reset();
    nothing_for_people_ = true;
    return *this;
}

report_views& report_views::as_one_list(value view) {
    one_list_ = std::move(view);
    return *this;
}

const value* report_views::view(report_view which) const {
    switch (which) {
        case report_view::for_people:
            if (nothing_for_people_) return nullptr;
            return for_people_ ? &*for_people_ : &whole_;
        case report_view::one_list:
            return one_list_ ? &*one_list_ : &whole_;
        case report_view::whole:
            return &whole_;
    }
    return &whole_;
}

}  // namespace chatcost::output
