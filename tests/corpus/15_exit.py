# Python's exit, after the last line: atexit's functions run (last registered first), then
# the module goes and its globals with it, each __del__ printing the id it frees. The ids
# printed at exit must follow the same pattern as an untraced run's.
import atexit


class Resource:
    def __init__(self, name):
        self.name = name
        print("open", name, id(self))

    def __del__(self):
        print("close", self.name, id(self))


@atexit.register
def goodbye():
    print("atexit:", kept.name, id(kept))


kept = Resource("kept")
pair = [Resource("first"), Resource("second")]
loop = Resource("loop")
loop.me = loop  # a cycle: only the collector at exit frees it
atexit.register(print, "registered last, runs first")
del pair[0]
print("last line", id(pair))
