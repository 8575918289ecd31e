"""What the command-line tests share: an environment without RECOVERYNET_* settings, and a tally of
checks that reports every failure at the end instead of stopping at the first."""
import os


def clean_env():
    """This process's environment without RECOVERYNET_* variables, for running the program."""
    return {k: v for k, v in os.environ.items() if not k.startswith("RECOVERYNET_")}


class Checks:
    def __init__(self, name):
        self.name = name
        self.count = 0
        self.failures = []

    def __call__(self, condition, message):
        """Counts a check; records `message` when `condition` is false."""
        self.count += 1
        if not condition:
            self.failures.append(message)

    def report(self):
        """Prints each failure and a summary line; the exit status: 1 when anything failed."""
        for failure in self.failures:
            print("FAIL", failure)
        print(f"{self.name}: {self.count - len(self.failures)} of {self.count} checks passed")
        return 1 if self.failures else 0
