// The Wireshark ids handed out at registration, one per schema entry. Wireshark's
// API needs them at fixed addresses for the process lifetime, hence one instance.
#pragma once

#include <epan/expert.h>
#include <epan/proto.h>

#include <vector>

namespace convdiag_plugin {

struct RegisteredIds {
    int proto = -1;
    int tap = -1;
    int ett_root = -1;
    std::vector<int> fields;            // by convdiag::FieldId
    std::vector<int> field_area_ett;    // by FieldId: subtree of its area
    std::vector<expert_field> experts;  // by convdiag::ExpertId
};

RegisteredIds &registered_ids();

}  // namespace convdiag_plugin
