// The allocation invariant and failure reporting shared by the fuzz targets (see
// include/FuzzDriver.h); LLVMFuzzerRunDriver itself comes from libFuzzer.
#include "FuzzDriver.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// compiler-rt's sanitizer/allocator_interface.h; weak so that a build without a sanitizer links.
int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void *, size_t),
                                              void (*free_hook)(const volatile void *)) __attribute__((weak));

static volatile size_t allocation_bound = 0;
static int saved_stderr = 2;

static void write_saved(const char *text) {
  size_t length = strlen(text);
  while (length > 0) {
    ssize_t n = write(saved_stderr, text, length);
    if (n <= 0) break;
    text += n;
    length -= (size_t)n;
  }
}

static void on_malloc(const volatile void *pointer, size_t size) {
  (void)pointer;
  size_t bound = allocation_bound;
  if (bound != 0 && size > bound) {
    allocation_bound = 0;
    char message[200];
    snprintf(message, sizeof message,
             "invariant: allocation of %zu bytes exceeds the bound of %zu bytes derived from the input size\n", size, bound);
    write_saved(message);
    abort();
  }
}

static void on_free(const volatile void *pointer) { (void)pointer; }

int fuzz_limit_allocations(size_t bound) {
  static int installed = 0;
  if (!installed) {
    if (!__sanitizer_install_malloc_and_free_hooks) return 0;
    __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
    installed = 1;
  }
  allocation_bound = bound;
  return 1;
}

size_t fuzz_allocation_bound(size_t size, size_t slack) { return 64 * size + slack; }

void fuzz_save_stderr(void) {
  int fd = dup(2);
  if (fd >= 0) saved_stderr = fd;
}

void fuzz_fail(const char *message) {
  write_saved("invariant: ");
  write_saved(message);
  write_saved("\n");
  abort();
}
