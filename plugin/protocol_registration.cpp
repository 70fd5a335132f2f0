#include "plugin/protocol_registration.h"

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/tap.h>

#include <map>
#include <string>
#include <vector>

#include "expert/engine/engine.h"
#include "plugin/capture_session.h"
#include "plugin/log_writer.h"
#include "plugin/postdissector.h"
#include "plugin/preferences.h"
#include "plugin/registered_ids.h"
#include "plugin/report_printer.h"
#include "plugin/stat_tables.h"
#include "plugin/transport_handlers.h"

namespace convdiag_plugin {

RegisteredIds &registered_ids() {
    static RegisteredIds ids;
    return ids;
}

namespace {

// The subtree label of an area ("conn" in convdiag.conn.verdict), as a student reads it.
const char *area_title(const std::string &area) {
    static const std::pair<const char *, const char *> titles[] = {
        {"conn", "Connection"},  {"tcp", "TCP timing"}, {"win", "Window"},
        {"cred", "Credentials"}, {"ftp", "FTP"},        {"http", "HTTP"},
        {"login", "Login flow"}, {"tls", "TLS"},        {"dns", "DNS"},
        {"scan", "Scan"},
    };
    for (const auto &t : titles)
        if (area == t.first) return t.second;
    return nullptr;
}

ftenum field_type(convdiag::FieldKind kind) {
    switch (kind) {
        case convdiag::FieldKind::String:
            return FT_STRING;
        case convdiag::FieldKind::Unsigned:
            return FT_UINT32;
        case convdiag::FieldKind::Boolean:
            return FT_BOOLEAN;
        case convdiag::FieldKind::Duration:
            return FT_RELATIVE_TIME;
        case convdiag::FieldKind::Frame:
            return FT_FRAMENUM;
    }
    return FT_STRING;
}

int field_display(convdiag::FieldKind kind) {
    return kind == convdiag::FieldKind::Unsigned ? BASE_DEC : BASE_NONE;
}

int expert_group(convdiag::ExpertGroup group) {
    switch (group) {
        case convdiag::ExpertGroup::Sequence:
            return PI_SEQUENCE;
        case convdiag::ExpertGroup::ResponseCode:
            return PI_RESPONSE_CODE;
        case convdiag::ExpertGroup::Security:
            return PI_SECURITY;
        case convdiag::ExpertGroup::Protocol:
            return PI_PROTOCOL;
        case convdiag::ExpertGroup::Malformed:
            return PI_MALFORMED;
        case convdiag::ExpertGroup::Comment:
            return PI_COMMENTS_GROUP;
    }
    return PI_PROTOCOL;
}

int expert_severity(convdiag::ExpertSeverity severity) {
    switch (severity) {
        case convdiag::ExpertSeverity::Chat:
            return PI_CHAT;
        case convdiag::ExpertSeverity::Note:
            return PI_NOTE;
        case convdiag::ExpertSeverity::Warn:
            return PI_WARN;
        case convdiag::ExpertSeverity::Error:
            return PI_ERROR;
    }
    return PI_NOTE;
}

void init_capture() { CaptureSession::open(); }
void cleanup_capture() { CaptureSession::close(); }

}  // namespace

void register_protocol() {
    const convdiag::Schema &schema = convdiag::Engine::schema();
    RegisteredIds &ids = registered_ids();

    ids.proto = proto_register_protocol("Conversation Diagnostics", "ConvDiag", "convdiag");

    // Wireshark keeps pointers into these arrays for the process lifetime.
    static std::vector<hf_register_info> hf;
    ids.fields.assign(schema.fields().size(), -1);
    for (size_t i = 0; i < schema.fields().size(); ++i) {
        const convdiag::FieldSpec &f = schema.fields()[i];
        hf_register_info entry{};
        entry.p_id = &ids.fields[i];
        entry.hfinfo.name = f.name.c_str();
        entry.hfinfo.abbrev = f.abbrev.c_str();
        entry.hfinfo.type = field_type(f.kind);
        entry.hfinfo.display = field_display(f.kind);
        entry.hfinfo.strings = nullptr;
        entry.hfinfo.bitmask = 0;
        entry.hfinfo.blurb = f.description.c_str();
        entry.hfinfo.id = -1;
        entry.hfinfo.parent = 0;
        entry.hfinfo.ref_type = HF_REF_TYPE_NONE;
        entry.hfinfo.same_name_prev_id = -1;
        entry.hfinfo.same_name_next = nullptr;
        hf.push_back(entry);
    }
    proto_register_field_array(ids.proto, hf.data(), static_cast<int>(hf.size()));

    // One subtree per area: the second component of the field names.
    static std::vector<int> ett_storage;
    std::map<std::string, size_t> area_index;
    std::vector<size_t> area_of_field;
    for (const auto &f : schema.fields()) {
        const size_t first = f.abbrev.find('.');
        const std::string area =
            f.abbrev.substr(first + 1, f.abbrev.find('.', first + 1) - first - 1);
        auto it = area_index.emplace(area, area_index.size()).first;
        area_of_field.push_back(it->second);
        const char *title = area_title(area);
        ids.field_area_title.push_back(title ? title : area);
        ids.field_is_secret.push_back(f.abbrev.find("password") != std::string::npos);
    }
    ett_storage.assign(area_index.size() + 1, -1);
    static std::vector<int *> ett_pointers;
    for (auto &e : ett_storage) ett_pointers.push_back(&e);
    proto_register_subtree_array(ett_pointers.data(), static_cast<int>(ett_pointers.size()));
    ids.ett_root = ett_storage[0];
    for (size_t a : area_of_field) ids.field_area_ett.push_back(ett_storage[a + 1]);

    static std::vector<ei_register_info> ei;
    ids.experts.assign(schema.experts().size(), expert_field{-1, -1});
    for (size_t i = 0; i < schema.experts().size(); ++i) {
        const convdiag::ExpertSpec &e = schema.experts()[i];
        ei_register_info entry{};
        entry.ids = &ids.experts[i];
        entry.eiinfo.name = e.abbrev.c_str();
        entry.eiinfo.group = expert_group(e.group);
        entry.eiinfo.severity = expert_severity(e.severity);
        entry.eiinfo.summary = e.summary.c_str();
        entry.eiinfo.id = 0;
        entry.eiinfo.protocol = nullptr;
        entry.eiinfo.orig_severity = 0;
        entry.eiinfo.hf_info.p_id = nullptr;
        ei.push_back(entry);
    }
    expert_module_t *expert_module = expert_register_protocol(ids.proto);
    expert_register_field_array(expert_module, ei.data(), static_cast<int>(ei.size()));

    module_t *module = prefs_register_protocol(ids.proto, nullptr);
    register_preferences(module);

    register_init_routine(init_capture);
    register_cleanup_routine(cleanup_capture);

    ids.tap = register_tap("convdiag");
    register_stat_tables();
    register_report_printer();
    register_log_writer();
}

void register_handoff() {
    const RegisteredIds &ids = registered_ids();
    dissector_handle_t handle = create_dissector_handle(dissect_convdiag, ids.proto);
    register_postdissector(handle);
    install_transport_handlers();
}

}  // namespace convdiag_plugin
