// The schema identifiers of the credentials detector, shared by its parts.
#pragma once

#include "expert/core/schema.h"

namespace convdiag {

struct CredentialIds {
    FieldId protocol, user, password, outcome, outcome_frame, attempt, bruteforce;
    FieldId form_fields;
    FieldId data_mode, data_endpoint, transfer, control_frame;
    ExpertId exposed, brute_force, form_readable, ftp_bounce, ftp_unusual_port, ftp_channel,
        ftp_file;
    PrefId bruteforce_threshold, mask_passwords;
    TableId table;
    ColumnId frame_column, protocol_column, client_column, server_column, user_column,
        password_column, outcome_column, outcome_frame_column;
    SlotId slot;
};

}  // namespace convdiag
