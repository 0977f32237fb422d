values = [None, True, False, 1, 2, 255, ()]
for v in values:
    print(id(v))
x = 7
y = 7
print(id(x) == id(y))
print(id(1000 * 3))
