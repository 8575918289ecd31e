#pragma once
// Background threads that must not take the cores from the threads serving requests.

namespace rn {

// Lowers the calling thread's scheduling priority (Linux: nice 10 for this thread only, unless it
// is already lower), so that a background thread (the search snapshot's rebuild, which keeps a
// core busy for a second or more) runs when requests leave a core free and otherwise yields to
// them, without stopping. Best effort: where the system refuses, the thread keeps its priority.
void LowerThisThreadPriority();

}  // namespace rn
