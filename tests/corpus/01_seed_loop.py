def test():
    ins = object()
    print(id(ins))

for _ in range(6):
    test()
