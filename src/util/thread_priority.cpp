#include "util/thread_priority.h"

#include <sys/resource.h>
#include <unistd.h>

namespace rn {

void LowerThisThreadPriority() {
  // On Linux a thread has a nice value of its own, set through its thread id.
  constexpr int kBackgroundNice = 10;
  const id_t thread = static_cast<id_t>(gettid());
  if (getpriority(PRIO_PROCESS, thread) < kBackgroundNice) {
    (void)setpriority(PRIO_PROCESS, thread, kBackgroundNice);
  }
}

}  // namespace rn
