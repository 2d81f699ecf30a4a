// libFuzzer's driver entry point (compiler-rt FuzzerInterface.h). SwiftPM names an
// executable's entry point <Target>_main and aliases main to it, so libFuzzer's own main
// is not linked; each target's main.swift calls this instead.
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

/// The size-plausibility invariant: while `bound` is non-zero, any single allocation larger
/// than `bound` bytes stops the run with "invariant: allocation of N bytes ..." (abort, which
/// libFuzzer reports as a crash and saves). Uses the sanitizers' malloc hooks, so every
/// allocation of the process is checked (Swift arrays, dictionaries, strings, raw buffers).
/// Returns 0 when the hooks are unavailable (not built with -sanitize=address).
int fuzz_limit_allocations(size_t bound);

/// The bound for an input of `size` bytes: 64 bytes per input byte plus `slack`.
size_t fuzz_allocation_bound(size_t size, size_t slack);

/// Where invariant messages go: a duplicate of the original standard error, taken before
/// libFuzzer's -close_fd_mask closes it (call once from main before LLVMFuzzerRunDriver).
void fuzz_save_stderr(void);
/// Prints `message` on the saved standard error and aborts (libFuzzer saves the input).
void fuzz_fail(const char *message) __attribute__((noreturn));

/// libFuzzer's own mutation of `data` in place (compiler-rt FuzzerInterface.h): a custom
/// mutator (LLVMFuzzerCustomMutator) calls it for the mutations it does not do itself.
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
