/**
 * The examples gallery: the seed post's programs exactly as it prints them (typos
 * included), then short programs that each show one thing about CPython's memory.
 * Every explanation is about what this runtime does (CPython 3.14 in Pyodide: C malloc,
 * no pymalloc, plus CPython's per-type free lists) and is checked by the tests in
 * examples.test.ts against real runs.
 */
import type { Example } from './types';

export const EXAMPLES: readonly Example[] = [
  {
    id: 'seed-loop',
    group: 'seed',
    title: { en: 'The same id() forever', 'zh-CN': '永远相同的 id()' },
    code: `import sys


def test():
    ins = object()
    print(id(ins))


while True:
    test()
`,
    explanation: {
      en: "The puzzle of a Chinese blog post, “python局部变量内存地址释放疑问的分析” (2022): every call makes a new object(), yet the same id() is printed forever. When test() returns, ins was the only reference, so the object is destroyed at once and its block goes back to the allocator (C malloc here; desktop CPython would use pymalloc). The next object() of the same size gets that block: one lane on the timeline, filled again and again by object #1, #2, #3…. The loop never ends, so the run stops at the step limit.",
      'zh-CN':
        '一篇中文博客《python局部变量内存地址释放疑问的分析》（2022 年）里的谜题：每次调用都创建一个新的 object()，打印出来的 id() 却永远相同。test() 返回时，ins 是唯一的引用，所以对象立即被销毁，它的内存块还给分配器（这里是 C 的 malloc；桌面版 CPython 用的是 pymalloc）。下一个同样大小的 object() 拿到的正是这块内存：时间线上只有一条泳道，被 object #1、#2、#3……一次又一次地填满。循环永不结束，所以运行会在步数上限处停止。',
    },
    ends: 'step-limit',
  },
  {
    id: 'seed-getrefcount',
    group: 'seed',
    title: { en: 'sys.getrefcount(ins)', 'zh-CN': 'sys.getrefcount(ins)' },
    code: `import sys


def test():
    ins = object()
    print(id(ins))
    ref = sys.getrefcount(ins)
    print(f'引用计数: {ref}')


while True:
    test()
`,
    explanation: {
      en: "The blog's second listing with its typos fixed. The blog saw a refcount of 2 on an older CPython; this one (3.14) prints 1, because locals are now passed to calls as borrowed references and getrefcount no longer counts its own argument. Either way ins is the only real reference: the object dies when test() returns and the next one takes its address.",
      'zh-CN':
        '博客的第二段代码，修正了其中的拼写错误。博客在旧版 CPython 上看到引用计数是 2；这里的 CPython 3.14 打印 1，因为局部变量现在以借用引用的方式传给函数，getrefcount 不再把自己的参数算进去。无论哪种情况，ins 都是唯一真正的引用：test() 返回时对象被销毁，下一个对象接管它的地址。',
    },
    ends: 'step-limit',
  },
  {
    id: 'seed-del',
    group: 'seed',
    title: { en: 'del ins', 'zh-CN': 'del ins' },
    code: `import sys


def test():
    ins = object() 
    print(id(ins))
    del ins


while True:
    test()
`,
    explanation: {
      en: 'del ins removes the only reference, so the object is destroyed on the del line, before test() returns: the destruction mark moves to line 7. del frees the object at once; it is not a request to a garbage collector. The id still repeats, because the freed block is handed to the next object().',
      'zh-CN':
        'del ins 删除了唯一的引用，所以对象在 del 这一行、test() 返回之前就被销毁了：销毁标记移到了第 7 行。del 会立即释放对象，而不是向垃圾回收器提出请求。id 仍然重复，因为释放的内存块又交给了下一个 object()。',
    },
    ends: 'step-limit',
  },
  {
    id: 'seed-finalizer',
    group: 'seed',
    title: { en: 'class Son with __del__', 'zh-CN': '带 __del__ 的 Son 类' },
    code: `import sys
import gc

class Son(object):

    def __del__(self):
        print('Deleting instance')


def test():
    ins = Son()
    print(id(ins))


while True:
    test()
`,
    explanation: {
      en: "__del__ makes each destruction visible: 'Deleting instance' is printed as test() returns, and reference counting alone frees each Son (no gc needed). The first ids change a few times (A, A, B, C, C, …): while the class settles, CPython 3.14 asks for a slightly smaller block for some new Sons (184 bytes, then step by step down to 40), and C malloc (this build has no pymalloc) hands back the block just freed only when the size matches; the narration at each new Son says which block it did not get, and why. Once the size stops shrinking, every Son takes the previous one's block, as in the blog; desktop CPython would use pymalloc, which keeps pools of equal-size blocks, and typically prints one id every time (CPython 3.11 did, measured), so these are this run's addresses, not a desktop's.",
      'zh-CN':
        '__del__ 让每次销毁都变得可见：test() 返回时打印“Deleting instance”，仅靠引用计数就释放了每个 Son（用不到 gc）。开头几个 id 会变几次（A、A、B、C、C……）：在类稳定下来之前，CPython 3.14 为某些新的 Son 申请的内存块会小一点（从 184 字节一步步降到 40），而 C 的 malloc（这个构建没有 pymalloc）只有在大小相同时才交回刚释放的那块；每个新 Son 处的讲解会说明它没有拿到哪一块、为什么。大小不再缩小之后，每个 Son 都拿到上一个留下的那块，和博客里一样。使用 pymalloc 的桌面版 CPython 为每种大小保留一池等大的内存块，通常每次都打印同一个 id（实测 CPython 3.11 如此），所以这里是本次运行的地址，而不是桌面版的。',
    },
    ends: 'step-limit',
  },
  {
    id: 'seed-typo',
    group: 'seed',
    title: { en: 'The typo’d listing (mport sys)', 'zh-CN': '有拼写错误的代码（mport sys）' },
    code: `mport sys


def test():
    ins = object()
    print(id(a))
    ref = sys.getrefcount(ins)
    print(f'引用计数: {ref}')


while True:
    test()

`,
    explanation: {
      en: "The blog's second listing exactly as printed. mport sys is not Python, so nothing runs at all: CPython compiles the whole file first and reports a SyntaxError on line 1. Fix it to import sys and run again to meet the next typo.",
      'zh-CN':
        '博客第二段代码的原样。mport sys 不是合法的 Python，所以什么都不会执行：CPython 先编译整个文件，在第 1 行报告 SyntaxError。把它改成 import sys 再运行，就会遇到下一个拼写错误。',
    },
    ends: 'error',
  },
  {
    id: 'seed-typo-name',
    group: 'seed',
    title: { en: 'Half fixed: print(id(a))', 'zh-CN': '改了一半：print(id(a))' },
    code: `import sys


def test():
    ins = object()
    print(id(a))
    ref = sys.getrefcount(ins)
    print(f'引用计数: {ref}')


while True:
    test()

`,
    explanation: {
      en: 'With import sys fixed the program starts, creates the object() on line 5 and stops at line 6 with a NameError: there is no a. The error is marked on its line and the traceback shows the way there, from line 12 into test().',
      'zh-CN':
        '修正 import sys 之后程序开始运行，在第 5 行创建了 object()，然后在第 6 行因 NameError 停下：根本没有 a 这个名字。错误标在出错的那一行，回溯信息显示了调用路径：从第 12 行进入 test()。',
    },
    ends: 'error',
  },
  {
    id: 'small-ints',
    group: 'more',
    title: { en: 'Small ints and other immortals', 'zh-CN': '小整数和其他永生对象' },
    code: `import sys

a = 256
b = 256
print(a is b)
c = 257
d = int("257")
print(c == d, c is d)
n = None
print(sys.getrefcount(None))
`,
    explanation: {
      en: 'The ints from -5 to 256 exist before your program starts and are shared: a and b are the same object, in the "immortal" lanes at the bottom of the timeline. int("257") builds a new object during the run, equal to c but not the same object. None, True and the small ints are immortal: they are never freed, and sys.getrefcount(None) prints a huge fixed number instead of a real count.',
      'zh-CN':
        '-5 到 256 的整数在程序开始之前就已存在并被共享：a 和 b 是同一个对象，位于时间线底部“永生对象”一组的泳道中。int("257") 在运行时构造了一个新对象，它等于 c，却不是同一个对象。None、True 和小整数都是永生对象：它们永远不会被释放，sys.getrefcount(None) 打印的是一个固定的巨大数字，而不是真实的计数。',
    },
    ends: 'completed',
  },
  {
    id: 'strings',
    group: 'more',
    title: { en: 'Interned and built strings', 'zh-CN': '驻留字符串与运行时构造的字符串' },
    code: `import sys

a = "hello"
b = "hello"
print(a is b)
c = "".join(["hel", "lo"])
print(c == a, c is a)
d = sys.intern(c)
print(d is a)
`,
    explanation: {
      en: 'Two equal literals in one program are one constant, and short identifier-like literals are interned: a and b name the same pre-existing string. A string built while the program runs, like the join, is a new object with its own address: equal to a, not identical. sys.intern(c) returns the interned object with that text, so d is a.',
      'zh-CN':
        '同一个程序中相等的两个字面量是同一个常量，而且形如标识符的短字面量会被驻留：a 和 b 指向同一个运行前已存在的字符串。运行时构造的字符串（比如 join 的结果）是一个新对象，有自己的地址：与 a 相等，但不是同一个。sys.intern(c) 返回内容相同的驻留对象，所以 d is a 为 True。',
    },
    ends: 'completed',
  },
  {
    id: 'free-lists',
    group: 'more',
    title: { en: 'Free lists: floats and tuples reused', 'zh-CN': '空闲列表：复用的浮点数和元组' },
    code: `def make(i):
    x = i * 1.5
    t = (x, i)
    print(id(x), id(t))


for i in range(4):
    make(i)
`,
    explanation: {
      en: 'Every call makes a new float and a new 2-tuple, and both die when make() returns. CPython parks freed floats and small tuples on per-type free lists and hands them to the next object of that kind, so each call prints the same two ids. On the timeline, float #1…#4 share one lane and tuple #1…#4 another.',
      'zh-CN':
        '每次调用都会创建一个新的浮点数和一个新的二元组，make() 返回时两者都被销毁。CPython 把释放的浮点数和小元组放进按类型划分的空闲列表，再交给下一个同类对象，所以每次调用打印的两个 id 都相同。时间线上，float #1…#4 共用一条泳道，tuple #1…#4 共用另一条。',
    },
    ends: 'completed',
  },
  {
    id: 'list-growth',
    group: 'more',
    title: { en: 'A list growing', 'zh-CN': '不断增长的列表' },
    code: `import sys

items = []
for i in range(10):
    items.append(i)
    print(len(items), id(items), sys.getsizeof(items))
`,
    explanation: {
      en: 'items is one list object for the whole run: one bar, one address, the same id() on every line. What grows is its array of item pointers, a separate block the list reallocates with room to spare, so getsizeof jumps 44 → 60 → 92 bytes while most appends allocate nothing. That array is not a Python object, so it has no bar of its own.',
      'zh-CN':
        'items 在整个运行过程中都是同一个列表对象：一个条形、一个地址，每一行打印的 id() 都相同。增长的是它的元素指针数组——列表会重新分配这块独立的内存并预留余量，所以 getsizeof 从 44 跳到 60 再到 92 字节，而大多数 append 根本不分配内存。这个数组不是 Python 对象，所以没有自己的条形。',
    },
    ends: 'completed',
  },
  {
    id: 'cycles',
    group: 'more',
    title: { en: 'Reference cycles and gc.collect()', 'zh-CN': '循环引用与 gc.collect()' },
    code: `import gc


class Node:
    def __init__(self, name):
        self.name = name
        self.other = None

    def __del__(self):
        print("freeing", self.name)


a = Node("a")
b = Node("b")
a.other = b
b.other = a
del a, b
print("after del: nothing freed yet")
print("gc.collect() found", gc.collect(), "objects")
`,
    explanation: {
      en: 'a and b refer to each other, so after del a, b each Node is still referenced by the other and nothing is freed: both bars go on. Reference counting cannot free a cycle; the cyclic garbage collector can. gc.collect() finds the two unreachable Nodes, runs their __del__ and destroys them.',
      'zh-CN':
        'a 和 b 相互引用，所以执行 del a, b 之后，每个 Node 仍被另一个引用着，什么也没有被释放：两个条形继续延伸。引用计数无法释放循环引用，循环垃圾回收器可以。gc.collect() 找到这两个不可达的 Node，调用它们的 __del__ 并销毁它们。',
    },
    ends: 'completed',
  },
  {
    id: 'weakref',
    group: 'more',
    title: { en: 'weakref and weakref.finalize', 'zh-CN': 'weakref 与 weakref.finalize' },
    code: `import weakref


class Photo:
    pass


p = Photo()
r = weakref.ref(p)
weakref.finalize(p, print, "finalize: the photo is gone")
print(r() is p)
del p
print(r())
`,
    explanation: {
      en: "A weak reference does not keep its object alive: r = weakref.ref(p) leaves p's refcount as it was. del p drops the last strong reference, so the Photo is destroyed in that step, and the callback registered with weakref.finalize runs right then. Afterwards r() returns None.",
      'zh-CN':
        '弱引用不会让对象继续存活：r = weakref.ref(p) 不改变 p 的引用计数。del p 删除了最后一个强引用，所以 Photo 在这一步被销毁，用 weakref.finalize 注册的回调也在此时运行。此后 r() 返回 None。',
    },
    ends: 'completed',
  },
  {
    id: 'slots',
    group: 'more',
    title: { en: '__slots__', 'zh-CN': '__slots__' },
    code: `class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class SlotPoint:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


p = Point(1, 2)
s = SlotPoint(1, 2)
d = p.__dict__
print(d)
try:
    s.z = 3
except AttributeError as e:
    print("SlotPoint:", e)
`,
    explanation: {
      en: 'An ordinary instance on CPython 3.14 keeps its attributes in compact inline storage and makes a real dict only when something asks for __dict__: watch a dict being born on the line d = p.__dict__. A SlotPoint has two fixed slots for x and y and no __dict__ at all, so it can never grow one: s.z = 3 raises AttributeError.',
      'zh-CN':
        '在 CPython 3.14 上，普通实例把属性存放在紧凑的内联存储中，只有在有人访问 __dict__ 时才会创建真正的字典：注意 d = p.__dict__ 这一行诞生了一个 dict。SlotPoint 只有 x 和 y 两个固定槽位，完全没有 __dict__，也就无法再添加属性：s.z = 3 会抛出 AttributeError。',
    },
    ends: 'completed',
  },
  {
    id: 'generators',
    group: 'more',
    title: { en: 'A generator keeps its locals alive', 'zh-CN': '生成器让局部变量继续存活' },
    code: `def numbers():
    big = list(range(1000))
    for i in range(3):
        yield i


gen = numbers()
print(next(gen))
print(next(gen))
print("gen is paused; big is still alive")
del gen
print("after del gen: big is gone")
`,
    explanation: {
      en: "Calling numbers() only creates a generator object; the body runs on next(). Between the next() calls the generator is paused at yield, and its frame, with the local big, lives inside the generator object: big's bar goes on although no function is running. del gen destroys the generator, which closes its frame and frees big in the same step.",
      'zh-CN':
        '调用 numbers() 只会创建一个生成器对象，函数体要到 next() 时才执行。两次 next() 之间，生成器停在 yield 处，它的帧连同局部变量 big 都保存在生成器对象里：虽然没有函数在运行，big 的条形仍在延续。del gen 销毁生成器，关闭它的帧，big 也在同一步被释放。',
    },
    ends: 'completed',
  },
  {
    id: 'exceptions',
    group: 'more',
    title: { en: 'except … as e keeps frames alive', 'zh-CN': 'except … as e 让帧继续存活' },
    code: `def fail():
    data = [1, 2, 3]
    raise ValueError("bad data")


try:
    fail()
except ValueError as e:
    print("caught", e)
    saved = e

print(saved.__traceback__.tb_next.tb_frame.f_locals["data"])
del saved
print("the frame and data are freed now")
`,
    explanation: {
      en: "An exception carries its traceback, and the traceback holds every frame it passed through, with their local variables. Python deletes e at the end of the except block for this reason, but saved = e keeps the exception alive, and with it fail()'s list data, long after fail() ended. del saved releases the exception, its traceback and the frame, and data is destroyed in that step.",
      'zh-CN':
        '异常对象带着它的回溯（traceback），回溯又持有它经过的每一个帧及其局部变量。正因如此，Python 会在 except 块结束时删除 e；但 saved = e 让异常继续存活，fail() 的列表 data 也随之存活，远在 fail() 结束之后。del saved 释放了异常、回溯和帧，data 在这一步被销毁。',
    },
    ends: 'completed',
  },
  {
    id: 'is-vs-eq',
    group: 'more',
    title: { en: 'is, == and reused addresses', 'zh-CN': 'is、== 与被复用的地址' },
    code: `def make():
    obj = object()
    return obj


first = id(make())
second = id(make())
print(first == second)

x = make()
y = make()
print(x is y, id(x) == id(y))
`,
    explanation: {
      en: 'id(make()) is the address of an object that dies right after the call, so the second object is born in the same freed block: equal ids, different objects. An id identifies an object only while it is alive. x and y are alive at the same time, so they have different addresses and x is y is False.',
      'zh-CN':
        'id(make()) 取的是一个调用结束后就立即销毁的对象的地址，所以第二个对象诞生在同一块被释放的内存里：id 相等，对象却不同。id 只在对象存活期间才能标识它。x 和 y 同时存活，所以地址不同，x is y 为 False。',
    },
    ends: 'completed',
  },
  {
    id: 'aliases',
    group: 'more',
    title: { en: 'Names, aliases and refcounts', 'zh-CN': '名字、别名与引用计数' },
    code: `import sys

a = [1, 2]
b = a
pair = [a, a]
print(sys.getrefcount(a))
del b
pair.clear()
print(sys.getrefcount(a))
`,
    explanation: {
      en: "One list, reached four ways: the names a and b and two slots of pair. Its refcount, drawn inside its bar, climbs to 4 and falls back to 1 after del b and pair.clear(). sys.getrefcount(a) prints one more (5, then 2) because a global passed to a call is a new reference for the call's duration; a local on 3.14 would not be.",
      'zh-CN':
        '一个列表，有四条路径可以到达它：名字 a 和 b，以及 pair 的两个槽位。它的引用计数画在条形内部，先升到 4，在 del b 和 pair.clear() 之后回落到 1。sys.getrefcount(a) 打印的数多 1（先是 5，后是 2），因为传给函数的全局变量在调用期间是一个新引用；而在 3.14 上局部变量不会这样。',
    },
    ends: 'completed',
  },
];
