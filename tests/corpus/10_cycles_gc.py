import gc


class Node:
    def __init__(self):
        self.other = None


a = Node()
b = Node()
a.other = b
b.other = a
print(id(a), id(b))
del a, b
print(gc.collect() >= 2)
c = Node()
d = Node()
print(id(c), id(d))
