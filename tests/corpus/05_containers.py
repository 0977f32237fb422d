items = []
for i in range(5):
    items.append([i])
    print(id(items[-1]))
first = items.pop(0)
print(id(first))
del first
d = {'a': object(), 'b': object()}
print(id(d['a']), id(d['b']))
d['a'] = object()
print(id(d['a']))
t = tuple(items)
print(id(t), id(t[0]))
