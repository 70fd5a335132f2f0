#include "expert/detectors/dns/dns_transaction_records.h"

#include "expert/parsers/dns_message.h"

namespace convdiag {

DnsTransactionRecords::DnsTransactionRecords(const DnsTransactionFactory::Ids &ids,
                                             ResultStore &results)
    : ids_(ids),
      results_(results),
      fields_{ids.verdict, ids.query, ids.server, ids.wait, ids.servers_tried},
      provider_(results.add_provider(*this)) {}

uint32_t DnsTransactionRecords::address_code(const IpAddress &address, bool &indexed) {
    indexed = address.family != 4;
    if (!indexed)
        return (uint32_t{address.bytes[0]} << 24) | (uint32_t{address.bytes[1]} << 16) |
               (uint32_t{address.bytes[2]} << 8) | address.bytes[3];
    const auto [it, added] =
        address_index_.try_emplace(address, static_cast<uint32_t>(addresses_.size()));
    if (added) addresses_.push_back(address);
    return it->second;
}

IpAddress DnsTransactionRecords::address_of(uint32_t code, bool indexed) const {
    return indexed ? addresses_[code] : IpAddress::v4(code);
}

uint32_t DnsTransactionRecords::add(FrameNumber row, const std::string &name,
                                    const IpAddress &client, const IpAddress &server,
                                    uint16_t qtype) {
    Record r;
    r.row = row;
    r.name = names_.append(name, {});
    bool client_indexed = false, server_indexed = false;
    r.client = address_code(client, client_indexed);
    r.server = address_code(server, server_indexed);
    r.client_indexed = client_indexed;
    r.server_indexed = server_indexed;
    r.qtype = qtype;
    return records_.push_back(r);
}

const char *DnsTransactionRecords::verdict_name(Verdict verdict) {
    switch (verdict) {
        case Verdict::NoResponse:
            return "no-response";
        case Verdict::Answered:
            return "answered";
        case Verdict::Slow:
            return "slow";
        case Verdict::NxDomain:
            return "nxdomain";
        case Verdict::ServerFailure:
            return "server-failure";
        case Verdict::Refused:
            return "refused";
        case Verdict::ZoneTransfer:
            return "zone-transfer";
        case Verdict::TcpFallback:
            return "tcp-fallback";
        case Verdict::None:
            break;
    }
    return "";
}

std::string DnsTransactionRecords::type_text(uint16_t type) {
    const char *name = dns_type_name(type);
    return name[0] == '?' ? "TYPE" + std::to_string(type) : std::string(name);
}

std::string DnsTransactionRecords::rcode_text(uint8_t rcode) {
    switch (rcode) {
        case dns_rcode::FormErr:
            return "FORMERR";
        case dns_rcode::NotImp:
            return "NOTIMP";
        default:
            return "RCODE" + std::to_string(rcode);
    }
}

void DnsTransactionRecords::derived_values(uint16_t tag, uint32_t key,
                                           std::vector<FieldValue> &out) const {
    // In the order the tracker first wrote them when it stored each value.
    const Record &r = records_[key];
    const std::string_view name = names_.at(r.name).first;
    const Value server = Value::string(address_of(r.server, r.server_indexed).to_string());
    if (tag == kQueryFrame) {
        out.push_back({ids_.query, Value::string(name)});
        out.push_back({ids_.server, server});
        if (r.servers_tried)
            out.push_back({ids_.servers_tried, Value::unsigned_int(r.servers_tried)});
        if (r.verdict != Verdict::None)
            out.push_back({ids_.verdict, Value::string(verdict_name(r.verdict))});
        if (r.has_wait) out.push_back({ids_.wait, Value::duration(r.wait)});
        return;
    }
    if (r.verdict != Verdict::None)
        out.push_back({ids_.verdict, Value::string(verdict_name(r.verdict))});
    out.push_back({ids_.query, Value::string(name)});
    out.push_back({ids_.server, server});
    out.push_back({ids_.wait, Value::duration(r.wait)});
    out.push_back({ids_.servers_tried, Value::unsigned_int(r.servers_at_answer)});
}

void DnsTransactionRecords::for_each_key(const std::function<void(uint64_t)> &fn) const {
    for (uint32_t i = 0; i < records_.size(); ++i)
        if (i + 1 == records_.size() || records_[i + 1].row != records_[i].row) fn(records_[i].row);
}

std::optional<uint32_t> DnsTransactionRecords::of_row(FrameNumber row) const {
    // Records are made in frame order.
    return last_with_key(records_, row, [](const Record &r) { return r.row; });
}

bool DnsTransactionRecords::fill(uint64_t key, TableRow &row) const {
    const std::optional<uint32_t> found =
        key > UINT32_MAX ? std::nullopt : of_row(static_cast<FrameNumber>(key));
    if (!found) return false;
    const Record &r = records_[*found];
    row.cells[ids_.client_column] =
        Value::string(address_of(r.client, r.client_indexed).to_string());
    row.cells[ids_.server_column] =
        Value::string(address_of(r.server, r.server_indexed).to_string());
    row.cells[ids_.name_column] = Value::string(names_.at(r.name).first);
    row.cells[ids_.type_column] = Value::string(type_text(r.qtype));
    if (r.verdict != Verdict::None)
        row.cells[ids_.verdict_column] = Value::string(verdict_name(r.verdict));
    else if (r.answered)
        row.cells[ids_.verdict_column] = Value::string(rcode_text(r.rcode));
    if (r.has_wait) row.cells[ids_.wait_column] = Value::duration(r.wait);
    if (r.row_servers) row.cells[ids_.servers_column] = Value::unsigned_int(r.row_servers);
    return true;
}

}  // namespace convdiag
