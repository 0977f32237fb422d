import sys


def test():
    ins = object()
    print(id(ins))
    del ins


for _ in range(5):
    test()
