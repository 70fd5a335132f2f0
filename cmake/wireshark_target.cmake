# What follows from the Wireshark the build found (find_package(Wireshark)): a plugin loads
# only into the Wireshark minor version it was built for, so its directory and its Debian
# dependency name that version and no other.
#
# Sets:
#   CONVDIAG_WS_VERSION_DIR   "4.6": Wireshark's plugins/<major>.<minor>/ directory
#   CONVDIAG_LIBWIRESHARK_PKG "libwireshark19": the Debian package of the library linked
#   CONVDIAG_DEB_DEPENDS      "libwireshark19 (>= 4.6), libwireshark19 (<< 4.7)"

set(CONVDIAG_WS_VERSION_DIR "${Wireshark_MAJOR_VERSION}.${Wireshark_MINOR_VERSION}")

# Debian names the library package after the soname (libwireshark.so.19 -> libwireshark19).
get_target_property(_convdiag_ws_configs epan IMPORTED_CONFIGURATIONS)
list(GET _convdiag_ws_configs 0 _convdiag_ws_config)
get_target_property(_convdiag_ws_soname epan IMPORTED_SONAME_${_convdiag_ws_config})
if(NOT _convdiag_ws_soname MATCHES "^libwireshark\\.so\\.([0-9]+)$")
  message(FATAL_ERROR "cannot tell libwireshark's soname from the epan target: ${_convdiag_ws_soname}")
endif()
set(CONVDIAG_LIBWIRESHARK_PKG "libwireshark${CMAKE_MATCH_1}")

math(EXPR _convdiag_ws_next_minor "${Wireshark_MINOR_VERSION} + 1")
set(CONVDIAG_DEB_DEPENDS
    "${CONVDIAG_LIBWIRESHARK_PKG} (>= ${CONVDIAG_WS_VERSION_DIR}), ${CONVDIAG_LIBWIRESHARK_PKG} (<< ${Wireshark_MAJOR_VERSION}.${_convdiag_ws_next_minor})")
message(STATUS "ConvDiag for Wireshark ${Wireshark_VERSION}: plugins/${CONVDIAG_WS_VERSION_DIR}/epan, Depends: ${CONVDIAG_DEB_DEPENDS}")
