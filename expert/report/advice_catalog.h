// What to check next, per kind of finding: the teacher's side of a finding,
// kept apart from the detectors that find things (as Zeek keeps policy apart
// from events). The report prints it once under each kind.
#pragma once

#include "expert/core/schema.h"

namespace convdiag {

// Sets the advice of every declared expert kind this catalog knows.
void apply_advice(Schema &schema);

}  // namespace convdiag
