# Writes OUTPUT, a C++ file defining rn::embedded::kTypesJson with the bytes of INPUT.
file(READ ${INPUT} content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${content}")
file(WRITE ${OUTPUT} "// Generated from ${INPUT} by cmake/embed.cmake. Do not edit.\n"
  "#include <string_view>\nnamespace rn::embedded {\nstatic const unsigned char kBytes[] = {${bytes}};\n"
  "extern const std::string_view kTypesJson(reinterpret_cast<const char*>(kBytes), sizeof kBytes);\n}\n")
