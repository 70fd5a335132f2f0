// Preference values for one analysis run, indexed by the schema's PrefIds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "expert/core/schema.h"

namespace convdiag {

class Settings {
  public:
    explicit Settings(const Schema &schema);

    uint32_t get(PrefId id) const { return values_.at(id); }
    bool flag(PrefId id) const { return values_.at(id) != 0; }
    void set(PrefId id, uint32_t value) { values_.at(id) = value; }
    // For tests and tools: set by name; returns false for an unknown name.
    bool set(const std::string &name, uint32_t value);

  private:
    const Schema &schema_;
    std::vector<uint32_t> values_;
};

}  // namespace convdiag
