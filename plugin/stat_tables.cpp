#include "plugin/stat_tables.h"

#include <epan/stat_tap_ui.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "expert/core/column_fit.h"
#include "expert/core/row_limit.h"
#include "expert/engine/engine.h"
#include "plugin/capture_session.h"
#include "plugin/cli_listener.h"

namespace convdiag_plugin {

namespace {

// One per schema table; addresses handed to Wireshark stay valid for the process.
struct StatTable {
    convdiag::TableId table = 0;
    std::string cli;    // "convdiag,summary"
    std::string title;  // "ConvDiag/TCP conversations"
    std::vector<std::string> formats;
    std::vector<std::string> column_titles;  // fixed-width columns: padded to line up
    std::vector<stat_tap_table_item> items;
    stat_tap_table_ui ui{};
    std::map<uint64_t, guint> row_of_key;  // engine row key -> stat table row
    // -z convdiag,<table>,limit=N: rows beyond the first N are counted, not shown.
    uint32_t limit = 0;
    uint64_t omitted = 0;
    std::vector<bool> omitted_keys;  // keys are stream or frame numbers: dense
    std::string note;                // the title of the table that says so
};

std::vector<std::unique_ptr<StatTable>> &stat_tables() {
    static std::vector<std::unique_ptr<StatTable>> tables;
    return tables;
}

StatTable *table_of(const stat_tap_table_ui *ui) {
    for (auto &t : stat_tables())
        if (&t->ui == ui) return t.get();
    return nullptr;
}

stat_tap_table_item_enum item_type(convdiag::FieldKind kind) {
    switch (kind) {
        case convdiag::FieldKind::String:
        case convdiag::FieldKind::Boolean:
        // Durations as text, so that a value nobody measured stays blank instead of 0.
        case convdiag::FieldKind::Duration:
            return TABLE_ITEM_STRING;
        case convdiag::FieldKind::Unsigned:
        case convdiag::FieldKind::Frame:
            return TABLE_ITEM_UINT;
    }
    return TABLE_ITEM_STRING;
}

void fill_item(stat_tap_table_item_type &item, const convdiag::Value &value,
               convdiag::FieldKind kind) {
    item.type = item_type(kind);
    switch (item.type) {
        case TABLE_ITEM_STRING:
            item.value.string_value = g_strdup(value.to_display().c_str());
            break;
        default:
            item.value.uint_value = static_cast<guint>(value.number);
            break;
    }
}

void free_item(stat_tap_table *, guint, guint, stat_tap_table_item_type *field) {
    if (field->type == TABLE_ITEM_STRING) {
        g_free(const_cast<char *>(field->value.string_value));
        field->value.string_value = nullptr;
    }
}

void reset_table(stat_tap_table *table) {
    for (auto &t : stat_tables()) {
        if (g_strcmp0(table->title, t->title.c_str())) continue;
        t->row_of_key.clear();
        t->omitted = 0;
        t->omitted_keys.clear();
    }
    for (guint row = 0; row < table->num_elements; ++row)
        for (guint col = 0; col < table->num_fields; ++col)
            free_item(table, row, col, &table->elements[row][col]);
    for (guint row = 0; row < table->num_elements; ++row) g_free(table->elements[row]);
    g_free(table->elements);
    table->elements = nullptr;
    table->num_elements = 0;
}

void init_table(stat_tap_table_ui *ui) {
    StatTable *t = table_of(ui);
    if (!t) return;
    stat_tap_table *table = stat_tap_find_table(ui, t->title.c_str());
    if (table) {
        reset_table(table);
        return;
    }
    table = stat_tap_init_table(t->title.c_str(), static_cast<int>(t->items.size()), 0, nullptr);
    stat_tap_add_table(ui, table);
    t->row_of_key.clear();
}

tap_packet_status copy_row(void *tapdata, const void *data);

// A row beyond the limit: counted once, and said by a second table with no rows whose
// title is the note (tshark prints it after the rows, the GUI as a line of its own).
void count_omitted(StatTable &t, stat_tap_table_ui *ui, uint64_t key) {
    if (key < t.omitted_keys.size() && t.omitted_keys[key]) return;
    if (key >= t.omitted_keys.size()) t.omitted_keys.resize(key + 1 + key / 2);
    t.omitted_keys[key] = true;
    ++t.omitted;
    t.note = convdiag::omitted_rows_note(t.omitted, t.limit);
    if (ui->tables->len < 2) stat_tap_add_table(ui, stat_tap_init_table("", 0, 0, nullptr));
    g_array_index(ui->tables, stat_tap_table *, 1)->title = t.note.c_str();
}

// Wireshark hands the table everything after "convdiag,<table>,": a leading limit=N is
// ours, the rest the display filter. A bad limit stops tshark like a bad filter does.
// Wireshark picks a table by the prefix of -z alone, so "convdiag,summaryX" would be
// taken as the summary: only the name itself, or the name and a comma, is ours.
void check_arguments(const char *opt_arg, const char **filter, char **err) {
    if (!opt_arg || !filter) return;
    const size_t given = strlen(opt_arg);
    for (auto &t : stat_tables()) {
        if (!cli_argument_tail(t->cli, opt_arg)) continue;
        if (!*filter) {
            t->limit = 0;
            return;
        }
        const convdiag::TableArguments arguments = convdiag::parse_table_arguments(*filter);
        if (!arguments.error.empty()) {
            *err = g_strdup_printf("-z %s: %s", t->cli.c_str(), arguments.error.c_str());
            return;
        }
        t->limit = arguments.limit;
        // The filter is the tail of opt_arg, which lives as long as the listener.
        const size_t tail = arguments.filter.size();
        *filter = tail ? opt_arg + given - tail : nullptr;
        return;
    }
    std::string names;
    for (auto &t : stat_tables()) names += (names.empty() ? "" : ", ") + t->cli;
    *err =
        g_strdup_printf("invalid -z argument \"%s\": ConvDiag has no such table (its tables: %s)",
                        opt_arg, names.c_str());
}

// Tap callbacks are called from C: no C++ exception may leave them.
tap_packet_status on_packet(void *tapdata, packet_info *, epan_dissect_t *, const void *data,
                            tap_flags_t) {
    try {
        return copy_row(tapdata, data);
    } catch (...) {
        return TAP_PACKET_DONT_REDRAW;
    }
}

tap_packet_status copy_row(void *tapdata, const void *data) {
    auto *stat_data = static_cast<stat_data_t *>(tapdata);
    const auto *record = static_cast<const TapRecord *>(data);
    StatTable *t = table_of(stat_data->stat_tap_data);
    convdiag::Engine *engine = CaptureSession::engine();
    if (!t || !engine || !record || stat_data->stat_tap_data->tables->len == 0)
        return TAP_PACKET_DONT_REDRAW;
    const auto &spec = convdiag::Engine::schema().tables()[t->table];
    const uint64_t key = spec.key == convdiag::RowKey::Stream ? record->stream : record->frame;
    if (spec.key == convdiag::RowKey::Stream && record->stream == convdiag::kNoStream)
        return TAP_PACKET_DONT_REDRAW;
    const std::optional<convdiag::TableRow> row = engine->tables().find(t->table, key);
    if (!row) return TAP_PACKET_DONT_REDRAW;

    stat_tap_table *table = g_array_index(stat_data->stat_tap_data->tables, stat_tap_table *, 0);
    auto found = t->row_of_key.find(key);
    guint index;
    if (found == t->row_of_key.end() && t->limit && t->row_of_key.size() >= t->limit) {
        count_omitted(*t, stat_data->stat_tap_data, key);
        return TAP_PACKET_REDRAW;
    }
    if (found == t->row_of_key.end()) {
        index = table->num_elements;
        t->row_of_key.emplace(key, index);
        std::vector<stat_tap_table_item_type> blank(t->items.size());
        for (size_t c = 0; c < blank.size(); ++c) {
            blank[c].type = t->items[c].type;
            if (blank[c].type == TABLE_ITEM_STRING) blank[c].value.string_value = g_strdup("");
        }
        stat_tap_init_table_row(table, index, static_cast<guint>(blank.size()), blank.data());
    } else {
        index = found->second;
    }
    for (size_t c = 0; c < spec.columns.size(); ++c) {
        stat_tap_table_item_type *item =
            stat_tap_get_field_data(table, index, static_cast<guint>(c));
        free_item(table, index, static_cast<guint>(c), item);
        fill_item(*item, row->cells[c], spec.columns[c].kind);
    }
    return TAP_PACKET_REDRAW;
}

}  // namespace

void register_stat_tables() {
    const auto &schema = convdiag::Engine::schema();
    auto &tables = stat_tables();
    for (size_t i = 0; i < schema.tables().size(); ++i) {
        const convdiag::TableSpec &spec = schema.tables()[i];
        auto t = std::make_unique<StatTable>();
        t->table = static_cast<convdiag::TableId>(i);
        t->cli = "convdiag," + spec.name;
        t->title = spec.title;
        for (const auto &column : spec.columns) {
            // A fixed-width column's texts are fitted (and padded) by the engine, which
            // counts characters where printf would count bytes.
            const bool fixed = column.width > 0;
            switch (item_type(column.kind)) {
                case TABLE_ITEM_UINT:
                    t->formats.push_back(fixed ? "%" + std::to_string(column.width) + "u" : "%8u");
                    break;
                default:
                    t->formats.push_back(fixed                                          ? "%s"
                                         : column.kind == convdiag::FieldKind::Boolean  ? "%-5s"
                                         : column.kind == convdiag::FieldKind::Duration ? "%12s"
                                                                                        : "%-24s");
                    break;
            }
        }
        for (const auto &column : spec.columns)
            t->column_titles.push_back(column.width == 0 ? column.title
                                       : item_type(column.kind) == TABLE_ITEM_UINT ||
                                               column.right_aligned
                                           ? convdiag::fit_right(column.title, column.width)
                                           : convdiag::fit_left(column.title, column.width));
        for (size_t c = 0; c < spec.columns.size(); ++c) {
            stat_tap_table_item item{};
            item.type = item_type(spec.columns[c].kind);
            item.align = item.type == TABLE_ITEM_STRING ? TAP_ALIGN_LEFT : TAP_ALIGN_RIGHT;
            item.column_name = t->column_titles[c].c_str();
            item.field_format = t->formats[c].c_str();
            t->items.push_back(item);
        }
        stat_tap_table_ui &ui = t->ui;
        // The group the Qt GUI lists under Statistics (GENERIC is not placed in any menu).
        ui.group = REGISTER_PACKET_STAT_GROUP_UNSORTED;
        ui.title = t->title.c_str();
        ui.tap_name = "convdiag";
        ui.cli_string = t->cli.c_str();
        ui.stat_tap_init_cb = init_table;
        ui.packet_func = on_packet;
        ui.stat_tap_reset_table_cb = reset_table;
        ui.stat_tap_free_table_item_cb = free_item;
        ui.stat_filter_check_cb = check_arguments;
        ui.nfields = t->items.size();
        ui.fields = t->items.data();
        tables.push_back(std::move(t));
    }
    for (auto &t : tables) register_stat_tap_table_ui(&t->ui);
}

}  // namespace convdiag_plugin
