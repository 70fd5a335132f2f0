// Every DNS transaction (a query, its repeats and its answer), kept once. The
// convdiag.dns.query/server/servers_tried/verdict/wait fields of its queries and of its
// response, and its row of the dns table, are given from its record when read (the result
// store's DerivedValues, the tables' DerivedTable) instead of being stored per frame and per
// cell: on DNS-heavy traffic that was the largest share of the engine's results (about 160
// bytes a transaction; a record takes 32, plus its name).
//
// A record changes while its transaction does (servers tried, the verdict, the wait), and
// every frame whose entry stands for it shows the change, as the values written to each
// frame did. A frame that holds the fields as values of its own (derived_key() finds none:
// two messages in one TCP segment, a zone transfer's frames) is written by the tracker.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "expert/core/chunked_array.h"
#include "expert/core/report_tables.h"
#include "expert/core/result_store.h"
#include "expert/core/text_log.h"
#include "expert/detectors/dns/dns_transaction_tracker.h"

namespace convdiag {

class DnsTransactionRecords : public DerivedValues, public DerivedTable {
  public:
    // Which frame of the transaction an entry stands for.
    enum Tag : uint16_t { kQueryFrame = 0, kResponseFrame = 1 };
    enum class Verdict : uint8_t {
        None,
        NoResponse,
        Answered,
        Slow,
        NxDomain,
        ServerFailure,
        Refused,
        ZoneTransfer,
        TcpFallback
    };

    struct Record {
        Nanoseconds wait = 0;     // from the first query to the answer (has_wait)
        FrameNumber row = 0;      // the first query: the table's row key
        TextLog::Place name = 0;  // the question
        uint32_t client = 0;      // an address code (address_code)
        uint32_t server = 0;      // an address code
        uint16_t qtype = 0;
        uint8_t servers_tried = 0;      // on the queries (0: not written)
        uint8_t row_servers = 0;        // the table's Servers tried (0: blank)
        uint8_t servers_at_answer = 0;  // on the response
        Verdict verdict = Verdict::None;
        uint8_t rcode = 0;  // the row's Verdict when the answer gave none (answered)
        bool has_wait : 1;
        bool answered : 1;
        bool client_indexed : 1;  // client is an index in addresses_, not IPv4 bits
        bool server_indexed : 1;

        Record() : has_wait(false), answered(false), client_indexed(false), server_indexed(false) {}
    };
    static_assert(sizeof(Record) <= 32, "kept per transaction: keep it small");

    DnsTransactionRecords(const DnsTransactionFactory::Ids &ids, ResultStore &results);
    DnsTransactionRecords(const DnsTransactionRecords &) = delete;
    DnsTransactionRecords &operator=(const DnsTransactionRecords &) = delete;

    uint32_t add(FrameNumber row, const std::string &name, const IpAddress &client,
                 const IpAddress &server, uint16_t qtype);
    Record &at(uint32_t key) { return records_[key]; }
    // The last transaction begun by that frame (the table's row), if any.
    std::optional<uint32_t> of_row(FrameNumber row) const;
    // Writes the entry of `tag` on `frame`; false when the frame took the values as its own.
    bool write(FrameNumber frame, Tag tag, uint32_t key) {
        return results_.set_derived(frame, provider_, tag, key);
    }
    // The record a frame's entry stands for, or nothing when it holds values of its own.
    bool derived_key(FrameNumber frame, uint32_t &key) const {
        return results_.derived_key(frame, provider_, key);
    }
    bool stands_for(FrameNumber frame, uint32_t record) const {
        return results_.stands_for(frame, provider_, record);
    }

    static const char *verdict_name(Verdict verdict);  // "" for None
    static std::string type_text(uint16_t type);
    static std::string rcode_text(uint8_t rcode);

    const std::vector<FieldId> &derived_fields() const override { return fields_; }
    void derived_values(uint16_t tag, uint32_t key, std::vector<FieldValue> &out) const override;

    // The dns table: a row per transaction, keyed by its first query (the last transaction
    // begun by that frame), in frame order.
    void for_each_key(const std::function<void(uint64_t)> &fn) const override;
    bool fill(uint64_t key, TableRow &row) const override;

  private:
    // An IPv4 address as its 32 bits (`indexed` false); any other as its index in
    // addresses_: a DNS mix has about as many clients as lookups, and a map entry per IPv4
    // address cost more than the record.
    uint32_t address_code(const IpAddress &address, bool &indexed);
    IpAddress address_of(uint32_t code, bool indexed) const;

    DnsTransactionFactory::Ids ids_;
    ResultStore &results_;
    std::vector<FieldId> fields_;
    ResultStore::ProviderId provider_;
    ChunkedArray<Record, 12> records_;
    TextLog names_;
    std::vector<IpAddress> addresses_;
    std::unordered_map<IpAddress, uint32_t, IpAddressHash> address_index_;
};

}  // namespace convdiag
