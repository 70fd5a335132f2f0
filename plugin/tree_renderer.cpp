#include "plugin/tree_renderer.h"

#include <epan/expert.h>

#include <string>
#include <vector>

#include "expert/core/secret_mask.h"
#include "expert/core/utf8.h"
#include "expert/engine/engine.h"
#include "plugin/preferences.h"
#include "plugin/registered_ids.h"

namespace convdiag_plugin {

namespace {

proto_item *add_value(proto_tree *tree, int hf, tvbuff_t *tvb, const convdiag::Value &value,
                      bool mask) {
    switch (value.kind) {
        case convdiag::FieldKind::String:
            return proto_tree_add_string(
                tree, hf, tvb, 0, 0,
                mask ? convdiag::mask_secret(value.text).c_str() : value.text.c_str());
        case convdiag::FieldKind::Unsigned:
            return proto_tree_add_uint(tree, hf, tvb, 0, 0, static_cast<guint32>(value.number));
        case convdiag::FieldKind::Boolean:
            return proto_tree_add_boolean(tree, hf, tvb, 0, 0, value.number ? 1 : 0);
        case convdiag::FieldKind::Duration: {
            nstime_t t;
            t.secs = static_cast<time_t>(value.number / 1000000000);
            t.nsecs = static_cast<int>(value.number % 1000000000);
            return proto_tree_add_time(tree, hf, tvb, 0, 0, &t);
        }
        case convdiag::FieldKind::Frame:
            return proto_tree_add_uint(tree, hf, tvb, 0, 0, static_cast<guint32>(value.number));
    }
    return nullptr;
}

}  // namespace

void render_findings(const convdiag::FrameResults &results, tvbuff_t *tvb, packet_info *pinfo,
                     proto_tree *tree) {
    RegisteredIds &ids = registered_ids();
    const bool mask = mask_passwords();

    proto_item *root_item = nullptr;
    if (tree) {
        root_item = proto_tree_add_item(tree, ids.proto, tvb, 0, 0, ENC_NA);
        proto_item_set_generated(root_item);
        proto_tree *root = proto_item_add_subtree(root_item, ids.ett_root);

        // Schema order, whatever order the detectors wrote in: a stable tree. A frame has a
        // few values, so an insertion sort into a reused buffer (no allocation per frame).
        static std::vector<const convdiag::FieldValue *> ordered;
        ordered.clear();
        for (const auto &fv : results.fields) {
            auto at = ordered.end();
            while (at != ordered.begin() && (*(at - 1))->field > fv.field) --at;
            ordered.insert(at, &fv);
        }
        int current_ett = -1;
        proto_tree *area = root;
        for (const convdiag::FieldValue *fv : ordered) {
            const int ett = ids.field_area_ett[fv->field];
            if (ett != current_ett) {
                // One subtree per area ("conn", "tcp", ...), labelled like the filter prefix.
                area = proto_tree_add_subtree(root, tvb, 0, 0, ett, nullptr,
                                              ids.field_area_title[fv->field].c_str());
                current_ett = ett;
            }
            const bool secret = mask && ids.field_is_secret[fv->field];
            proto_item *item = add_value(area, ids.fields[fv->field], tvb, fv->value, secret);
            proto_item_set_generated(item);
        }
    }

    const convdiag::Language language = display_language();
    for (const auto &note : results.notes) {
        const convdiag::StoredText &text = note.text.in(language);
        const std::string shown =
            mask ? convdiag::mask_in_text(text.str(), note.secret.str()) : text.str();
        // Wireshark formats the message into ITEM_LABEL_LENGTH bytes and would cut a
        // Korean sentence inside a character (invalid UTF-8): cut it between characters.
        const std::string fitted(convdiag::utf8_prefix(shown, ITEM_LABEL_LENGTH - 1));
        expert_add_info_format(pinfo, root_item, &ids.experts[note.expert], "%s", fitted.c_str());
    }
}

}  // namespace convdiag_plugin
