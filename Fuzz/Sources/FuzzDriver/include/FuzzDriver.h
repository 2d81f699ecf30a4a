// libFuzzer's driver entry point (compiler-rt FuzzerInterface.h). SwiftPM names an
// executable's entry point <Target>_main and aliases main to it, so libFuzzer's own main
// is not linked; each target's main.swift calls this instead.
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
