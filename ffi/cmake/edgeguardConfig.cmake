# CMake package for edgeguard: find_package(edgeguard CONFIG REQUIRED).
#
# Installed by ffi/install.sh as <prefix>/lib/cmake/edgeguard/edgeguardConfig.cmake next to
# <prefix>/lib/libedgeguard.{a,so|dylib} and <prefix>/include/edgeguard.h; every path is
# relative to this file, so the installed tree can be moved. Point CMake at it with
# -DCMAKE_PREFIX_PATH=<prefix> (or -Dedgeguard_DIR=<prefix>/lib/cmake/edgeguard).
#
# Targets:
#   edgeguard::static     libedgeguard.a with the system libraries Rust's std needs
#   edgeguard::shared     libedgeguard.so / .dylib (when installed)
#   edgeguard::edgeguard  the static library (what mobile apps usually want)

get_filename_component(_edgeguard_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
set(edgeguard_INCLUDE_DIR "${_edgeguard_prefix}/include")

include(CMakeFindDependencyMacro)
find_dependency(Threads)

if(APPLE)
  set(_edgeguard_syslibs "-lc" "-lm")
  set(_edgeguard_shared_name "libedgeguard.dylib")
elseif(ANDROID)
  set(_edgeguard_syslibs "-ldl" "-llog" "-lm" "-lc")
  set(_edgeguard_shared_name "libedgeguard.so")
else()
  set(_edgeguard_syslibs "-lgcc_s" "-lutil" "-lrt" "-ldl" "-lm" "-lc")
  set(_edgeguard_shared_name "libedgeguard.so")
endif()

if(NOT TARGET edgeguard::static)
  add_library(edgeguard::static STATIC IMPORTED)
  set_target_properties(edgeguard::static PROPERTIES
    IMPORTED_LOCATION "${_edgeguard_prefix}/lib/libedgeguard.a"
    INTERFACE_INCLUDE_DIRECTORIES "${edgeguard_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "Threads::Threads;${_edgeguard_syslibs}")
  if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    # tract's assembly kernels lack the .note.GNU-stack section; keep the stack non-executable.
    set_target_properties(edgeguard::static PROPERTIES
      INTERFACE_LINK_OPTIONS "LINKER:-z,noexecstack")
  endif()
endif()

if(NOT TARGET edgeguard::shared AND EXISTS "${_edgeguard_prefix}/lib/${_edgeguard_shared_name}")
  add_library(edgeguard::shared SHARED IMPORTED)
  set_target_properties(edgeguard::shared PROPERTIES
    IMPORTED_LOCATION "${_edgeguard_prefix}/lib/${_edgeguard_shared_name}"
    IMPORTED_SONAME "${_edgeguard_shared_name}"
    INTERFACE_INCLUDE_DIRECTORIES "${edgeguard_INCLUDE_DIR}")
endif()

if(NOT TARGET edgeguard::edgeguard)
  add_library(edgeguard::edgeguard INTERFACE IMPORTED)
  set_target_properties(edgeguard::edgeguard PROPERTIES
    INTERFACE_LINK_LIBRARIES edgeguard::static)
endif()

unset(_edgeguard_prefix)
unset(_edgeguard_syslibs)
unset(_edgeguard_shared_name)
set(edgeguard_FOUND TRUE)
