def f(i):
    x = i * 1.5
    print(id(x))
    return x


total = 0.0
for i in range(5):
    total += f(i)
print(total)
