def build(depth):
    node = {'depth': depth}
    print(id(node))
    if depth > 0:
        node['child'] = build(depth - 1)
    return node


tree = build(4)
print(id(tree))
del tree
other = build(2)
