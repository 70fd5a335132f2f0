// Everything ConvDiag shows a user, declared once by the detectors: fields,
// expert-info kinds, preferences and report tables. The plugin turns the schema
// into Wireshark registrations; nothing user-visible is declared anywhere else.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "expert/core/text.h"
#include "expert/core/value.h"

namespace convdiag {

using FieldId = uint16_t;
using ExpertId = uint16_t;
using PrefId = uint16_t;
using TableId = uint16_t;
using ColumnId = uint16_t;
using SlotId = uint16_t;

struct FieldSpec {
    std::string abbrev;  // "convdiag.conn.verdict"
    std::string name;    // "Connection verdict"
    FieldKind kind;
    std::string description;
};

// Mirrors Wireshark's expert groups and severities, so that the Expert
// Information dialog sorts our entries where an analyst expects them.
enum class ExpertGroup : uint8_t { Sequence, ResponseCode, Security, Protocol, Malformed, Comment };
enum class ExpertSeverity : uint8_t { Chat, Note, Warn, Error };

struct ExpertSpec {
    std::string abbrev;   // "convdiag.conn.refused"
    std::string summary;  // generic summary; each entry carries its own text
    ExpertGroup group;
    ExpertSeverity severity;
    // What to check next, said once per kind in the report (may be empty).
    Text advice;
};

enum class PrefKind : uint8_t { Unsigned, Boolean, Choice };

struct PrefSpec {
    std::string name;  // "min_rto" -> convdiag.min_rto
    std::string title;
    std::string description;
    PrefKind kind;
    uint32_t default_value;                                    // number, 0/1, or index into choices
    std::vector<std::pair<std::string, std::string>> choices;  // (value, description)
};

// Rows of a table are keyed by a TCP stream or by a frame number.
enum class RowKey : uint8_t { Stream, Frame };

struct ColumnSpec {
    std::string title;
    FieldKind kind;
    // Display columns the cell takes in tshark's text table; 0 = the kind's default
    // width. A fixed-width column's texts come from the engine already fitted to it.
    uint8_t width = 0;
    bool right_aligned = false;  // numbers are; a fixed-width text column may be too
    // A text column of IP addresses, written with ReportTables::set_address: an IPv4
    // address is stored as its number and written out when the row is drawn.
    bool addresses = false;
};

struct TableSpec {
    std::string name;   // "summary" -> tshark -z convdiag,summary
    std::string title;  // shown in the GUI's Statistics menu
    RowKey key;
    std::vector<ColumnSpec> columns;
};

class Schema {
  public:
    FieldId add_field(std::string abbrev, std::string name, FieldKind kind,
                      std::string description);
    ExpertId add_expert(std::string abbrev, std::string summary, ExpertGroup group,
                        ExpertSeverity severity);
    void set_advice(ExpertId expert, Text advice) {
        experts_.at(expert).advice = std::move(advice);
    }
    PrefId add_unsigned_pref(std::string name, std::string title, std::string description,
                             uint32_t default_value);
    PrefId add_bool_pref(std::string name, std::string title, std::string description,
                         bool default_value);
    PrefId add_choice_pref(std::string name, std::string title, std::string description,
                           std::vector<std::pair<std::string, std::string>> choices,
                           uint32_t default_index);
    // Returns the existing table of that name, or declares it.
    TableId table(const std::string &name, const std::string &title, RowKey key);
    ColumnId add_column(TableId table, std::string title, FieldKind kind, uint8_t width = 0,
                        bool right_aligned = false);
    // A text column of IP addresses (ColumnSpec::addresses).
    ColumnId add_address_column(TableId table, std::string title);
    // A place in every TCP conversation for one detector's own state.
    SlotId add_conversation_slot() { return slot_count_++; }

    const std::vector<FieldSpec> &fields() const { return fields_; }
    const std::vector<ExpertSpec> &experts() const { return experts_; }
    const std::vector<PrefSpec> &prefs() const { return prefs_; }
    const std::vector<TableSpec> &tables() const { return tables_; }
    SlotId conversation_slots() const { return slot_count_; }

    // Lookups by name, for tests and tools; -1 when absent.
    int field_index(const std::string &abbrev) const;
    int table_index(const std::string &name) const;
    int column_index(TableId table, const std::string &title) const;
    int pref_index(const std::string &name) const;

  private:
    std::vector<FieldSpec> fields_;
    std::vector<ExpertSpec> experts_;
    std::vector<PrefSpec> prefs_;
    std::vector<TableSpec> tables_;
    SlotId slot_count_ = 0;
};

}  // namespace convdiag
