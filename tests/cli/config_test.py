#!/usr/bin/env python3
"""Configuration precedence of `recoverynet`: flags win over RECOVERYNET_* environment variables, which
win over the TOML file given with --config; unknown keys in the file are an error.

Usage: config_test.py --binary build/recoverynet
"""
import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serving_port(binary, args, env, ports):
    """Starts `serve`, returns which of `ports` answers /healthz (or None), and stops it."""
    proc = subprocess.Popen([binary] + args, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 15
        while time.time() < deadline:
            for port in ports:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=0.5)
                    return port
                except OSError:
                    pass
            if proc.poll() is not None:
                return None
            time.sleep(0.1)
        return None
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    binary = parser.parse_args().binary
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        file_port, env_port, flag_port = free_port(), free_port(), free_port()
        ports = [file_port, env_port, flag_port]
        config = os.path.join(tmp, "recoverynet.toml")
        with open(config, "w") as f:
            f.write(f'db = "{tmp}/config.db"\nlog_level = "warn"\n\n[serve]\nport = {file_port}\n')
        base_env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERYNET_")}
        serve = ["--config", config, "serve"]
        cases = [
            ("the file sets the port", serve, {}, file_port),
            ("the environment beats the file", serve, {"RECOVERYNET_PORT": str(env_port)}, env_port),
            ("a flag beats both", serve + ["--port", str(flag_port)],
             {"RECOVERYNET_PORT": str(env_port)}, flag_port),
        ]
        for name, args, extra_env, expected in cases:
            got = serving_port(binary, args, {**base_env, **extra_env}, ports)
            if got != expected:
                failures.append(f"{name}: expected port {expected}, got {got}")
        if not os.path.exists(os.path.join(tmp, "config.db")):
            failures.append("the file's db path was not used")

        bad = os.path.join(tmp, "bad.toml")
        with open(bad, "w") as f:
            f.write('colour = "blue"\n')
        result = subprocess.run([binary, "--config", bad, "migrate", "--db", f"{tmp}/x.db"],
                                env=base_env, capture_output=True, text=True)
        if result.returncode == 0 or "colour" not in result.stderr:
            failures.append(f"an unknown key must be an error naming it; got exit {result.returncode}, "
                            f"stderr {result.stderr.strip()!r}")
    for failure in failures:
        print("FAIL", failure)
    print(f"config_test: {4 - len(failures)} of 4 checks passed" if not failures else "config_test: failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
