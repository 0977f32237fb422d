import weakref


class Thing:
    pass


def gone(name):
    print('finalized', name)


t = Thing()
weakref.finalize(t, gone, 'first')
r = weakref.ref(t)
print(id(t), r() is t)
del t
print(r() is None)
u = Thing()
print(id(u))
