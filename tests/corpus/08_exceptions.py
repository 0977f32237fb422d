def fail(n):
    raise ValueError('bad %d' % n)


for n in range(4):
    try:
        fail(n)
    except ValueError as e:
        print(id(e), e)

try:
    fail(99)
except ValueError as e:
    kept = e
print(id(kept))
