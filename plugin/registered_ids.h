// The Wireshark ids handed out at registration, one per schema entry. Wireshark's
// API needs them at fixed addresses for the process lifetime, hence one instance.
#pragma once

#include <epan/expert.h>
#include <epan/proto.h>

#include <string>
#include <vector>

namespace convdiag_plugin {

struct RegisteredIds {
    int proto = -1;
    int tap = -1;
    int ett_root = -1;
    std::vector<int> fields;          // by convdiag::FieldId
    std::vector<int> field_area_ett;  // by FieldId: subtree of its area
    // By FieldId, worked out once at registration so that drawing a tree does no string work.
    std::vector<std::string> field_area_title;  // the area's subtree label ("TCP timing")
    std::vector<char> field_is_secret;          // a password: masked when shown
    std::vector<expert_field> experts;          // by convdiag::ExpertId
};

RegisteredIds &registered_ids();

}  // namespace convdiag_plugin
