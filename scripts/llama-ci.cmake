# Included after each project() of llama.cpp's CMake build when the test
# command builds it (scripts/test.sh sets CMAKE_PROJECT_INCLUDE; the
# llama-cpp-sys-2 build script passes CMAKE_* variables to CMake).
#
# ggml, where the model's arithmetic runs, stays at -O3. llama.cpp's own
# C++ (model loading, the tokenizer, sampling) and its `common` library
# (argument parsing, chat templates, an HTTP client we never call, which
# llama-cpp-2 always builds) compile at -O1: about a quarter less build
# time on the critical path of the test build (docs/PERFORMANCE.md).
if(PROJECT_NAME STREQUAL "ggml")
  set(CMAKE_CXX_FLAGS_RELEASE "-O3 -DNDEBUG")
else()
  set(CMAKE_CXX_FLAGS_RELEASE "-O1 -DNDEBUG")
endif()

# The `common` library is further never on a hot path of ours (a chat
# template is applied once a turn): -O0, its template-heavy C++ compiles in
# about half the time. The option is added once the top-level directory
# (which adds `common`) is read, after the -O1 above, and the last -O wins.
if(PROJECT_NAME STREQUAL "llama.cpp")
  function(colloquy_common_at_o0)
    if(TARGET llama-common)
      target_compile_options(llama-common PRIVATE -O0)
    endif()
  endfunction()
  cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL colloquy_common_at_o0)
endif()
