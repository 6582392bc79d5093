# Install rules and the CMake package (issue 18): `cmake --install build
# --prefix P` gives
#   P/include/mmcheck/{api.hpp,kernel.h,std_like.hpp}  what users include
#   P/include/mmcheck/checker/*.hpp                     what those include
#   P/lib/libmmcheck_*.a, P/bin/mmcheck
#   P/lib/cmake/mmcheck/mmcheckConfig.cmake (+ version, targets, and
#     mmcheckChecks.cmake with mmcheck_add_checks)
# Targets: mmcheck::mmcheck (the API: link it to write scenarios) and
# mmcheck::main (the command line's main(), with run/replay/show/regress).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# In the tree, "checker/x.hpp" resolves from the source root and
# <mmcheck/x.hpp> from include/; installed, both resolve under include/.
target_include_directories(mmcheck_checker PUBLIC
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/mmcheck>)
target_compile_features(mmcheck_checker PUBLIC cxx_std_20)

add_library(mmcheck_api INTERFACE)
target_link_libraries(mmcheck_api INTERFACE mmcheck_checker)
add_library(mmcheck::mmcheck ALIAS mmcheck_api)
add_library(mmcheck::main ALIAS mmcheck_main)
set_target_properties(mmcheck_api PROPERTIES EXPORT_NAME mmcheck)
set_target_properties(mmcheck_checker PROPERTIES EXPORT_NAME checker)
set_target_properties(mmcheck_traces PROPERTIES EXPORT_NAME traces)
set_target_properties(mmcheck_cli PROPERTIES EXPORT_NAME cli)
set_target_properties(mmcheck_main PROPERTIES EXPORT_NAME main)

install(TARGETS mmcheck_api mmcheck_checker mmcheck_traces mmcheck_cli mmcheck_main
  EXPORT mmcheckTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS mmcheck RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The golden traces and the sweep's expected matrix, where an installed
# mmcheck regress finds them (bin/../share/mmcheck/traces/golden).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/traces/golden ${PROJECT_SOURCE_DIR}/traces/sweeps
  DESTINATION ${CMAKE_INSTALL_DATADIR}/mmcheck/traces)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/mmcheck/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/mmcheck)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/checker/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/mmcheck/checker
  FILES_MATCHING PATTERN "*.hpp")

set(mmcheck_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/mmcheck)
install(EXPORT mmcheckTargets NAMESPACE mmcheck:: DESTINATION ${mmcheck_cmake_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/mmcheckConfig.cmake.in
  ${PROJECT_BINARY_DIR}/mmcheckConfig.cmake INSTALL_DESTINATION ${mmcheck_cmake_dir})
# 0.x: a minor version may change the API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/mmcheckConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/mmcheckConfig.cmake
  ${PROJECT_BINARY_DIR}/mmcheckConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/mmcheckChecks.cmake
  DESTINATION ${mmcheck_cmake_dir})
