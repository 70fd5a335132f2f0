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

}  // namespace convdiag_plugin
