"""Running the program with its wall clock faked by libfaketime (Debian package faketime,
scripts/install-deps), for the tests that need the server's "now" pinned or moved. The monotonic
clock stays real, so timeouts and sleeps behave."""
import os
import subprocess
import sys

from checks import clean_env

LIBFAKETIME_DIRS = ["/usr/lib/x86_64-linux-gnu/faketime", "/usr/lib/aarch64-linux-gnu/faketime",
                    "/usr/lib/faketime", "/usr/local/lib/faketime"]
# Set by `make test-at` for the whole suite; a test that fakes the clock itself replaces them.
INHERITED = ("FAKETIME", "FAKETIME_FORCE_MONOTONIC_FIX", "FAKETIME_NO_CACHE",
             "FAKETIME_TIMESTAMP_FILE", "LD_PRELOAD")


def sanitizer_runtimes(binary):
    """The AddressSanitizer runtime the binary links, if it does: ldd's 'libasan.so.8 => /path'."""
    listing = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    return [line.split("=>")[1].split()[0] for line in listing.splitlines()
            if "libasan.so" in line and "=>" in line]


def faked_clock_env(binary, settings, needed_by):
    """clean_env() for running `binary` under libfaketime with `settings` (its FAKETIME...
    variables), the monotonic clock left real. Exits, naming `needed_by`, without libfaketime."""
    library = next((os.path.join(d, "libfaketimeMT.so.1") for d in LIBFAKETIME_DIRS
                    if os.path.exists(os.path.join(d, "libfaketimeMT.so.1"))), None)
    if library is None:
        sys.exit("%s: needs libfaketime (Debian package faketime; scripts/install-deps)"
                 % needed_by)
    env = clean_env()
    for inherited in INHERITED:
        env.pop(inherited, None)
    # An AddressSanitizer build (make test-asan) needs its runtime first in the preload list.
    preload = sanitizer_runtimes(binary) + [library]
    env.update({"LD_PRELOAD": ":".join(preload), "FAKETIME_DONT_FAKE_MONOTONIC": "1"})
    env.update(settings)
    return env
