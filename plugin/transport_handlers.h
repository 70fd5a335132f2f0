// Thin handlers registered in front of Wireshark's own TCP, UDP, ICMP and ICMPv6
// dissectors in the "ip.proto" table: every TCP segment and UDP datagram Wireshark
// decodes passes through them, whatever link or tunnel carried it and including IP
// datagrams Wireshark reassembled from fragments. They note the header they are
// handed (FrameSightings) and pass the packet on unchanged; they add no protocol
// layer, tree item or column, so Wireshark's own output stays as it is.
#pragma once

namespace convdiag_plugin {

// Called from the plugin's handoff, after every built-in handoff has run.
void install_transport_handlers();

// When nothing of ours can be seen in a run (plain `tshark -r`), even passing a packet
// on costs a dissector call per packet: Wireshark's own dissectors are put back in the
// table for the rest of the file, and ours again when the next file opens. Neither
// touches an entry that Decode As changed meanwhile.
void step_aside_transport_handlers();
void step_in_transport_handlers();

}  // namespace convdiag_plugin
