#include "expert/core/schema.h"

#include <stdexcept>

namespace convdiag {

FieldId Schema::add_field(std::string abbrev, std::string name, FieldKind kind,
                          std::string description) {
    if (field_index(abbrev) >= 0) throw std::logic_error("field declared twice: " + abbrev);
    fields_.push_back({std::move(abbrev), std::move(name), kind, std::move(description)});
    return static_cast<FieldId>(fields_.size() - 1);
}

ExpertId Schema::add_expert(std::string abbrev, std::string summary, ExpertGroup group,
                            ExpertSeverity severity) {
    for (const auto &e : experts_)
        if (e.abbrev == abbrev) throw std::logic_error("expert declared twice: " + abbrev);
    experts_.push_back({std::move(abbrev), std::move(summary), group, severity, {}});
    return static_cast<ExpertId>(experts_.size() - 1);
}

PrefId Schema::add_unsigned_pref(std::string name, std::string title, std::string description,
                                 uint32_t default_value) {
    if (pref_index(name) >= 0) throw std::logic_error("preference declared twice: " + name);
    prefs_.push_back({std::move(name),
                      std::move(title),
                      std::move(description),
                      PrefKind::Unsigned,
                      default_value,
                      {}});
    return static_cast<PrefId>(prefs_.size() - 1);
}

PrefId Schema::add_bool_pref(std::string name, std::string title, std::string description,
                             bool default_value) {
    if (pref_index(name) >= 0) throw std::logic_error("preference declared twice: " + name);
    prefs_.push_back({std::move(name),
                      std::move(title),
                      std::move(description),
                      PrefKind::Boolean,
                      default_value ? 1u : 0u,
                      {}});
    return static_cast<PrefId>(prefs_.size() - 1);
}

PrefId Schema::add_choice_pref(std::string name, std::string title, std::string description,
                               std::vector<std::pair<std::string, std::string>> choices,
                               uint32_t default_index) {
    if (pref_index(name) >= 0) throw std::logic_error("preference declared twice: " + name);
    prefs_.push_back({std::move(name), std::move(title), std::move(description), PrefKind::Choice,
                      default_index, std::move(choices)});
    return static_cast<PrefId>(prefs_.size() - 1);
}

TableId Schema::table(const std::string &name, const std::string &title, RowKey key) {
    for (size_t i = 0; i < tables_.size(); ++i)
        if (tables_[i].name == name) return static_cast<TableId>(i);
    tables_.push_back({name, title, key, {}});
    return static_cast<TableId>(tables_.size() - 1);
}

ColumnId Schema::add_column(TableId table, std::string title, FieldKind kind, uint8_t width,
                            bool right_aligned) {
    auto &columns = tables_.at(table).columns;
    columns.push_back({std::move(title), kind, width, right_aligned});
    return static_cast<ColumnId>(columns.size() - 1);
}

ColumnId Schema::add_address_column(TableId table, std::string title) {
    const ColumnId column = add_column(table, std::move(title), FieldKind::String);
    tables_.at(table).columns.back().addresses = true;
    return column;
}

int Schema::field_index(const std::string &abbrev) const {
    for (size_t i = 0; i < fields_.size(); ++i)
        if (fields_[i].abbrev == abbrev) return static_cast<int>(i);
    return -1;
}

int Schema::table_index(const std::string &name) const {
    for (size_t i = 0; i < tables_.size(); ++i)
        if (tables_[i].name == name) return static_cast<int>(i);
    return -1;
}

int Schema::column_index(TableId table, const std::string &title) const {
    const auto &columns = tables_.at(table).columns;
    for (size_t i = 0; i < columns.size(); ++i)
        if (columns[i].title == title) return static_cast<int>(i);
    return -1;
}

int Schema::pref_index(const std::string &name) const {
    for (size_t i = 0; i < prefs_.size(); ++i)
        if (prefs_[i].name == name) return static_cast<int>(i);
    return -1;
}

}  // namespace convdiag
