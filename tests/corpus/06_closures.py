def make_counter():
    count = [0]

    def step():
        count[0] += 1
        print(id(count), count[0])
        return count

    return step


c1 = make_counter()
c2 = make_counter()
for _ in range(3):
    c1()
    c2()
del c1
c3 = make_counter()
c3()
