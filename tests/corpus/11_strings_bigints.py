words = []
for i in range(4):
    s = ''.join(['item', str(i)])
    words.append(s)
    print(id(s))
big = 10 ** 20
for i in range(4):
    n = big + i
    print(id(n))
print(id('interned'), id('interned'))
