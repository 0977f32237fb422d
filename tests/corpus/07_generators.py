def gen(n):
    box = object()
    for i in range(n):
        print(id(box), i)
        yield i


g = gen(3)
for v in g:
    print('got', v)
h = gen(2)
print(next(h))
del h
k = gen(1)
print(next(k))
