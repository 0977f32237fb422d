class Point:
    __slots__ = ('x', 'y')

    def __init__(self, x, y):
        self.x = x
        self.y = y


points = [Point(i, i + 1) for i in range(4)]
for p in points:
    print(id(p))
points.clear()
again = [Point(0, 0) for _ in range(4)]
for p in again:
    print(id(p))
