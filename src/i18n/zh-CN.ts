/** 简体中文. Typed as `Messages`: a key missing here (or one too many) fails the typecheck. */
import { crashMessage, type Messages } from './en';
import type { NarrationMessages } from '../trace/narrate';
import type { BlockMessages } from '../trace/blocks';
import { IMMORTAL_REFCOUNT } from '../trace/query';

const number = new Intl.NumberFormat('zh-CN');
const steps = (n: number): string => `${number.format(n)} 步`;
const refcount = (value: number | null): string => (value === null ? '—' : value >= IMMORTAL_REFCOUNT ? '永生' : String(value));
const where = (line: number | null, step: number): string => (line === null ? `第 ${step} 步` : `第 ${line} 行，第 ${step} 步`);

const crash = {
  freeing:
    '释放这些对象时，调用深度超出了浏览器允许的范围。第一个对象的最后一个引用消失时，CPython 释放了它；它持有的下一个对象随之在它的释放过程中被释放，如此一层套一层。桌面版 CPython 能撑过去，这里的解释器却崩溃了。追踪到这一行为止，下一次运行会换一个全新的解释器。',
  deep: '程序在 CPython 自身的 C 代码里走得比浏览器允许的更深（桌面版 CPython 的栈更深）。解释器崩溃了。追踪到这一行为止，下一次运行会换一个全新的解释器。',
};

/** 一个地址的内存块历史（trace/laneHistory.ts），从泳道标签打开。 */
const blockHistory: Messages['blockHistory'] = {
  title: (address) => `${address} 的内存块历史`,
  close: '关闭',
  lanes: '地址（泳道标签）',
  lanesKeys: '按 ↑ 或 ↓ 选取一个地址，按 Enter 或空格查看它的内存块历史。点击标签也可以。',
  picked: (address, lifetimes) => `${address}，${lifetimes} 个生命周期`,
  summary: (occupants) => `先后有 ${occupants} 个对象住在这个内存块里；两者之间是分配器对它做了什么。`,
  size: (size, chunk) => (chunk > 0 ? `${size} 字节，位于 ${chunk} 字节的块中` : `${size} 字节`),
  span: (born, bornLine, died, diedLine) =>
    `${born < 0 ? '运行前已存在' : `创建于${where(bornLine, born)}`}；${died < 0 ? '结束时仍存活' : `销毁于${where(diedLine, died)}`}`,
  more: (objects) => `显示更多（还有 ${objects} 个对象）`,
  hidden: '未画出（临时对象：勾选“所有对象”可见）',
  fromFreeList: (type) => `来自 ${type} 的空闲列表（不是来自 malloc）`,
  event: (next) => {
    switch (next.kind) {
      case 'object':
        return next.freeList
          ? `留在 ${next.freeList} 的空闲列表里，在${where(next.line, next.step)}交给了 ${next.label}`
          : `在${where(next.line, next.step)}交给了 ${next.label}`;
      case 'allocation':
        return `在${where(next.line, next.step)}被一次 ${next.bytes} 字节的非对象分配占用`;
      case 'merged':
        return `在${where(next.line, next.step)}并入了${next.bytes > 0 ? ` ${next.bytes} 字节的` : '更大的'}空闲块`;
      case 'free':
        return '直到结束仍然空闲';
      case 'kept':
        return next.freeList ? `留在了 ${next.freeList} 自己的空闲列表里（CPython 的，不是 malloc 的）` : '直到结束都没有还给 malloc';
    }
  },
};

/** 释放的内存块去了哪里，以及对象为什么没拿到它（trace/blocks.ts，docs/allocator.md）。 */
const block: BlockMessages = {
  next: (address, chunk, next) => {
    const its = `它的内存块（${address}${chunk > 0 ? `，${chunk} 字节` : ''}）`;
    switch (next.kind) {
      case 'object':
        return next.freeList
          ? `${its}留在 ${next.freeList} 的空闲列表里，在${where(next.line, next.step)}交给了 ${next.label}`
          : `${its}在${where(next.line, next.step)}交给了 ${next.label}`;
      case 'allocation':
        return `${its}在${where(next.line, next.step)}被一次 ${next.bytes} 字节的非对象分配占用`;
      case 'merged':
        return `${its}在${where(next.line, next.step)}与相邻的空闲块合并成了${next.bytes > 0 ? ` ${next.bytes} 字节的` : '更大的'}空闲块`;
      case 'free':
        return `${its}直到结束仍然空闲`;
      case 'kept':
        return next.freeList ? `${its}留在了 ${next.freeList} 自己的空闲列表里（CPython 的，不是 malloc 的）` : `${its}直到结束都没有还给 malloc`;
    }
  },
  short: (next) => {
    switch (next.kind) {
      case 'object':
        return next.freeList ? `${next.label}（第 ${next.step} 步，经 ${next.freeList} 的空闲列表）` : `${next.label}（第 ${next.step} 步）`;
      case 'allocation':
        return `非对象分配，${next.bytes} 字节（第 ${next.step} 步）`;
      case 'merged':
        return `合并${next.bytes > 0 ? `成 ${next.bytes} 字节` : ''}（第 ${next.step} 步）`;
      case 'free':
        return '仍空闲';
      case 'kept':
        return next.freeList ? `${next.freeList} 的空闲列表` : '未还给 malloc';
    }
  },
  whyNot: (previous, address, chunk, reason) => {
    const head = `它没有拿到 ${previous} 的内存块（${address}${chunk > 0 ? `，${chunk} 字节` : ''}）：`;
    switch (reason.kind) {
      case 'object':
        return `${head}${reason.label} 先拿走了它`;
      case 'allocation':
        return `${head}一次 ${reason.bytes} 字节的非对象分配先占用了它`;
      case 'merged':
        return `${head}malloc 已把它和相邻的空闲块合并成了${reason.bytes > 0 ? ` ${reason.bytes} 字节的` : '更大的'}块`;
      case 'sizes':
        return `${head}这个对象向 malloc 申请 ${reason.need} 字节，而 malloc 先找大小正好的空闲块`;
      case 'kept':
        return `${head}${reason.type} 有自己的空闲列表，交出的是另一块`;
      case 'order':
        return `${head}malloc 先交出了另一块同样大小的空闲块`;
    }
  },
  fromFreeList: (type, previous) => `来自 ${type} 的空闲列表（不是来自 malloc）：是 ${previous} 的内存块`,
};

const narration: NarrationMessages = {
  where: (line, func, inClass) => `第 ${line} 行${func ? (inClass ? `（class ${func}）` : `（${func}()）`) : ''}`,
  created: (label, address, rc) => `在 ${address} 创建了 ${label}${rc === null ? '' : `，引用计数 ${refcount(rc)}`}`,
  reuses: (previous) => `（正是 ${previous} 用过的地址）`,
  boundTo: (names) => `，绑定到 ${names}`,
  bound: (name, label, origin) =>
    `${name} → ${label}${origin === 'immortal' ? '（永生对象）' : origin === 'preexisting' ? '（运行前已存在）' : ''}`,
  finalized: (labels) => `${labels} 的 __del__ 被调用`,
  destroyed: (labels, address) =>
    address === null ? `${labels} 被销毁，它们的内存块还给了分配器` : `${address} 处的 ${labels} 被销毁，它的内存块还给了分配器`,
  destroyedBlock: (label, address, text) => `${address} 处的 ${label} 被销毁；${text}`,
  blockOf: (label, text) => `${label}：${text}`,
  block,
  ended: (func, how) => (how === 'yielded' ? `${func}() 在 yield 处暂停` : how === 'raised' ? `${func}() 因异常退出` : `${func}() 返回`),
  raised: '抛出了异常',
  printed: (text) => `输出“${text}”`,
  temporaries: (created, destroyed) =>
    [created ? `创建临时对象 ${created} 个` : '', destroyed ? `释放临时对象 ${destroyed} 个` : ''].filter(Boolean).join('、'),
  nothing: '没有对象被创建或销毁',
  exit: (phase) => (phase === 'atexit' ? '最后一行之后，Python 退出：先运行用 atexit 注册的函数' : 'Python 退出，释放程序的模块，以及只被其全局变量引用的对象'),
  list: (items, more) => {
    const all = more > 0 ? [...items, `另外 ${more} 个`] : items;
    return all.join('、');
  },
  sentence: (place, parts) => `${place}：${parts.join('；')}`,
};

export const zhCN: Messages = {
  lang: 'zh-CN',
  app: {
    title: 'Refscope',
    program: '程序',
    trace: '内存时间线',
    output: '输出',
    language: '语言',
  },
  panes: {
    output: '调整输出面板的高度',
    editor: '调整程序面板的宽度',
    keysRows: '拖动，或按 ↑ ↓；双击或按 Enter：恢复默认大小',
    keysColumns: '拖动，或按 ← →；双击或按 Enter：恢复默认大小',
    outputValue: (percent) => `输出面板占窗口高度的 ${percent}%`,
    editorValue: (percent) => `程序面板占宽度的 ${percent}%`,
  },
  panels: {
    label: '面板',
    code: '代码',
    timeline: '时间线',
    variables: '变量',
    objects: '对象',
    output: '输出',
  },
  run: {
    run: '▶ 运行',
    runTitle: (key) => `运行（${key}+Enter）`,
    stop: '■ 停止',
  },
  budget: {
    button: '运行限制',
    custom: (maxSteps, maxSeconds) => `${steps(maxSteps)} · ${number.format(maxSeconds)} 秒`,
    title: (maxSteps, maxSeconds) => `运行限制：每次运行最多 ${steps(maxSteps)}、${number.format(maxSeconds)} 秒`,
    label: '运行限制',
    steps: '步数',
    seconds: '秒数',
    stepsInvalid: (min, max) => `步数须为 ${number.format(min)} 到 ${number.format(max)} 之间的整数。`,
    secondsInvalid: (min, max) => `秒数须在 ${number.format(min)} 到 ${number.format(max)} 之间。`,
    note: '用于下一次运行；“分享”和“嵌入”的链接也会带上这些限制。',
    reset: '恢复默认',
    close: '关闭',
    replayOther: (maxSteps) => `这次运行的上限是 ${steps(maxSteps)}：再运行一次，回放才会采用新的限制。`,
    rerun: '再运行一次',
  },
  status: {
    loading: '正在加载 Python…',
    loadingQueued: '正在加载 Python，加载完成后立即运行程序…',
    ready: (python) => (python ? `就绪 · Python ${python}` : '就绪'),
    starting: '正在启动新的解释器…',
    running: (n) => (n > 0 ? `运行中… ${steps(n)}` : '运行中…'),
    completed: (n) => `已完成 · ${steps(n)}`,
    stepLimit: (n) => `已达步数上限 · ${steps(n)}`,
    timeLimit: (n) => `已达时间上限 · ${steps(n)}`,
    stopped: (n) => `已停止 · ${steps(n)}`,
    error: '出错',
  },
  notice: {
    brokenLink: '无法读取此链接中的程序（链接可能被截断了），改为显示默认示例。',
    dismiss: '关闭',
  },
  error: {
    crash,
    format: (e) => `${e.message ? `${e.type}: ${crashMessage(e, crash)}` : e.type}${e.line !== null ? `（第 ${e.line} 行）` : ''}`,
    previousRun: '上一次运行（之后程序已修改）：',
    previousRunBytecode: '这是上一次运行的字节码：之后程序已修改，请重新运行以更新。',
    notRun: '程序没有运行，所以没有时间线：',
    hints: {
      asyncio:
        'asyncio.run() 和 run_until_complete() 要等浏览器，而被追踪的运行做不到：Refscope 从头到尾一次运行完程序。协程对象仍可创建和观察；只要不等 asyncio 的定时器或任务，也可以用 coro.send(None) 手动推进。',
    },
  },
  editor: {
    label: 'Python 程序',
    errorMarker: '此行有错误',
  },
  output: {
    label: '程序输出',
    empty: '程序没有打印任何内容。',
    linkHint: '点击一行，或用方向键移到该行后按 Enter，即可跳到打印它的那一步。',
    truncated: (max) => `输出已截断：每次运行只保留前 ${number.format(max)} 个字符的输出，其余输出没有记录（程序照常运行）。`,
  },
  steps: {
    group: '逐步查看运行过程',
    first: '第一步',
    firstTitle: '第一步（Home）',
    previous: '上一步',
    previousTitle: '上一步（←）',
    next: '下一步',
    nextTitle: '下一步（→）',
    last: '最后一步',
    lastTitle: '最后一步（End）',
    play: '播放',
    pause: '暂停',
    playTitle: '播放 / 暂停（空格）',
    speed: '速度',
    perSecond: (n) => `${n} 步/秒`,
    slider: '步',
    sliderValue: (step, line) => (line === null ? `第 ${step} 步` : `第 ${step} 步，第 ${line} 行`),
    position: '步',
    jumpTo: '跳到',
    jumpLabel: '跳到第几步',
    go: '跳转',
    narration: '这一步对内存做了什么',
    previousEvent: '上一个事件',
    previousEventTitle: '上一个创建或销毁对象的步骤（Shift+←）',
    nextEvent: '下一个事件',
    nextEventTitle: '下一个创建或销毁对象的步骤（Shift+→）',
    playEventsTitle: '播放 / 暂停（空格）：逐个事件播放，跳过没有创建或销毁对象的步骤',
    landing: (reason) => (reason === 'reuse' ? '已跳到第一次重用地址的地方。' : '已跳到创建第一个对象的地方。'),
    stateAfter: (line) => (line === null ? '变量和对象：这一步执行之后的状态。' : `变量和对象：第 ${line} 行执行之后的状态。`),
  },
  narration,
  blockHistory,
  variables: {
    label: '光标处的变量',
    title: '变量',
    noTrace: '还没有运行记录。',
    globals: '全局变量',
    module: '模块',
    noNames: '没有绑定的名字',
    select: '在时间线上选中这个对象的生命周期',
    refcount: (rc) => `引用计数 ${refcount(rc)}`,
  },
  heap: {
    label: '光标处的堆',
    title: '堆',
    views: '变量或堆',
    variablesView: '变量',
    heapView: '堆',
    noTrace: '还没有运行记录。',
    noReferences: '这份记录只有名字（早于引用记录），不显示对象之间的箭头。',
    empty: '这一步堆里没有可显示的对象。',
    globals: '全局变量',
    more: (n) => `再显示 ${n} 个`,
    hidden: (n) => `还有 ${n} 个对象未画出`,
    select: '选中这个对象（时间线的泳道和表格的行）',
    whyAlive: '为何还活着？',
    whyTitle: (label) => `${label} 为何还活着`,
    name: (name) => `名字 ${name}`,
    localName: (name, func) => `${func}() 中的 ${name}`,
    refcountIs: (rc) => `引用计数 ${rc}`,
    immortal: '永生对象：CPython 从不计数它的引用',
    sum: (rc, parts) => `引用计数 ${rc} = ${parts.length ? parts.join(' + ') : '没有画出的引用'}`,
    getrefcount: '+1 由解释器持有：正传给 getrefcount 的参数',
    rest: (n) => `+${n} 来自 CPython 的缓存或未显示的对象`,
    restShort: (n) => `${n} 个未显示`,
    tupleItems: (n) => `（${n} 项）`,
    lagging: (n) => `有 ${n} 个画出的引用尚未计入这个计数（计数采样在它们之前）`,
    nothing: '记录中没有任何东西引用它。',
    referrers: '引用它的有：',
    freed: '下一行执行时它被释放，因为：',
    causes: {
      del: '名字被删除（del）',
      rebind: '名字被绑定到另一个对象',
      return: '它所在的帧返回',
      'holder-freed': '持有它的对象被释放',
      removed: '持有者不再引用它',
    },
    close: '关闭',
    svg: 'SVG 矢量图',
    svgTitle: '把这一步的堆（帧、对象、引用及其标签）下载为 SVG',
    png: 'PNG 图片',
    pngTitle: '把这一步的堆下载为 PNG 图片（用于幻灯片和文档）',
  },
  refcount,
  refcountNote: (python, borrows) =>
    borrows
      ? `在 CPython ${python} 上，对局部变量调用 sys.getrefcount(x) 得到 1，而旧版本得到 2：局部变量现在以借用引用的方式传入。`
      : `在 CPython ${python} 上，sys.getrefcount(x) 会把它自己的参数也算进去（局部变量得到 2）；从 3.14 起得到 1。`,
  objects: {
    label: '对象',
    title: '对象',
    showAll: '显示所有对象（临时对象、运行前已存在的对象）',
    atExit: '退出时',
    pending: '正在列出对象……',
    columns: {
      address: '地址',
      type: '类型',
      size: '大小 / 内存块',
      born: '创建（行）',
      died: '销毁（行）',
      maxRefcount: '最大引用计数',
      reuses: '复用',
      blockNext: '内存块去向',
    },
    caption: (shown, total, all, column, ascending) =>
      `共 ${total} 个对象生命周期，显示 ${shown} 个${all ? '' : '（绑定过名字的对象）'}；按${column}${ascending ? '升序' : '降序'}排列。`,
    beforeRun: '运行前',
    alive: '仍存活',
    id: (address) => `id() ${address}`,
    reuseTitle: '选中此地址上更早的那个生命周期',
    sizeCell: (size, block) => (block > 0 ? `${size} / ${block} 字节` : `${size} 字节`),
    showing: (shown, total) => `显示 ${total} 个中的 ${shown} 个。`,
    showMore: '显示更多',
    showEarlier: '显示更早的',
    showingRange: (first, last, total) => `显示光标附近的第 ${first}–${last} 行，共 ${total} 行。`,
    outputPathTag: 'print',
    outputPathTitle: '由 print 自己创建，不是你的程序创建的：print 的临时对象（文本、字节串、缓冲区的 memoryview），桌面版 CPython 的 print 也会创建同样的对象。',
  },
  timeline: {
    label: '时间线',
    zoom: '缩放',
    zoomIn: '放大',
    zoomInTitle: '放大（+）',
    zoomOut: '缩小',
    zoomOutTitle: '缩小（−）',
    fit: '全部',
    fitTitle: '显示整个运行过程（0）',
    lanesBy: '泳道排序',
    sort: { reuse: '复用最多', 'first-use': '首次使用', address: '地址' },
    allObjects: '所有对象',
    legend: '图例',
    moreTypes: (n) => `另有 ${n} 种类型`,
    marks: {
      created: '创建',
      destroyed: '销毁',
      finalized: '__del__',
      reused: '地址复用',
      refcount: '引用计数',
      preexisting: '运行前已存在 · 永生对象',
    },
    explain: '各种标记的含义',
    why: {
      created: '创建：CPython 在这一步分配了这个对象，地址就是它所在泳道的地址；id() 返回的正是这个地址。',
      destroyed:
        '销毁：对象的引用计数降到 0（或者循环垃圾回收器发现它已不可达），CPython 立即释放它，它的内存块还给了分配器。',
      finalized: '__del__：对象被销毁之前，它的终结器（__del__ 方法）先运行。',
      reused:
        '地址复用：释放的内存块回到了分配器中对应大小的空闲链表（在这个浏览器版本里是 C 的 malloc，没有 pymalloc；或者是该类型自己的空闲列表），又被分给了下一个同样大小的对象，所以新对象的地址和 id() 都与旧对象相同。',
      outputPath:
        '由 print 创建，不是你的程序创建的：CPython 的 print 先把值转成文本，sys.stdout（io.TextIOWrapper → BufferedWriter → FileIO）再把它编码成字节串，并把缓冲区包装成 memoryview 交给下一层。桌面版 CPython 向终端 print 时也会创建同样的临时对象；你的程序看不到它们。',
      preexisting:
        '运行前已存在：你的程序开始时这个对象就已经在了（比如 sys 这样的模块、常量），它的引用计数照样会增减。永生对象：None、True、小整数这类对象，CPython 永远不会释放它们，引用计数也从不改变；它们单独成组。',
      refcount: '引用计数：有多少个引用指向这个对象，画成条形内部的阶梯线。降到 0 时对象立即被销毁。',
    },
    groups: {
      run: '由你的程序创建',
      preexisting: '程序运行前已存在',
      immortal: '永生对象（引用计数不变）',
      output: '输出',
      exit: 'Python 退出',
    },
    empty: '运行一个程序，看看它的对象如何诞生和消亡。',
    corner: '步',
    overview: '概览',
    axis: '步数轴：点击可移动光标',
    summary: (lifetimes, lanes, n, reuses) =>
      `${n} 步中共有 ${lifetimes} 个生命周期，分布在 ${lanes} 条地址泳道上；其中 ${reuses} 个复用了地址。对象表列出了同样的生命周期。`,
    noTrace: '还没有运行记录。',
    plot: (summary) => `对象时间线。${summary} 用 + 和 − 缩放，0 显示全部，拖动或 Shift+滚轮平移。`,
    keys: '按 ↑ 或 ↓ 选取一个生命周期，按 ← 或 → 移到同一地址上的前一个或后一个生命周期，按 Enter 选中，按 Esc 取消。',
    active: (label, type, address, born, died, reuses, nth, count) =>
      `${label}（${type}），地址 ${address}，是这个地址上 ${count} 个生命周期中的第 ${nth} 个；${born === null ? '运行前就已创建' : `创建于${born}`}，${died === null ? '运行结束时仍存活' : `销毁于${died}`}${reuses ? `；复用了 ${reuses} 的地址` : ''}。按 Enter 选中。`,
    toTable: '对象表：这条时间线的文字版',
  },
  tooltip: {
    streamAt: (stream, line, step) => `${stream}，${where(line, step)}`,
    address: '地址',
    size: '大小',
    bytes: (n) => `${n} 字节`,
    bytesInBlock: (size, block) => `${size} 字节的对象，位于 ${block} 字节的内存块中`,
    born: '创建',
    died: '销毁',
    finalized: '__del__',
    names: '名字',
    refcount: '引用计数',
    reuses: '复用',
    reusesValue: (label) => `${label} 的地址`,
    blockNext: '内存块去向',
    blockFrom: '内存块来源',
    beforeRun: '运行前',
    stillAlive: '运行结束时仍存活',
    notAlive: '不存活',
    atStep: (step) => `第 ${step} 步之后`,
    where,
    why: '原因',
  },
  examples: {
    menu: '示例',
    menuTitle: '载入一个示例程序及其录制的运行（按“运行”实时运行）',
    seedGroup: '来自那篇博客',
    moreGroup: '更多探索',
    about: '关于这个示例',
    hide: '隐藏',
    edited: '载入后已被修改',
    ends: { completed: '运行到结束', 'step-limit': '无限循环：在步数上限处停止', error: '以错误结束' },
    // 首屏：一句话说明问题；Python 载入之前先显示录制的运行。
    puzzle: '谜题来自一篇博客：为什么每次新建的 object()，id() 打印出来总是同一个数？下面每根条是一个对象，每条泳道是一个内存地址。',
    puzzleLabel: '问题',
    recorded: (n) => `录制的运行 · ${number.format(n)} 步`,
    recordedTitle: (python) =>
      `由 Refscope 自己的引擎（Python ${python}）在构建本应用时录制，Python 载入之前就能看到。按“运行”会实时运行这个程序；修改程序会清除这段录制。`,
  },
  bytecode: {
    title: '字节码',
    label: '当前步骤的字节码',
    code: (name, line) => `${name} 的 dis 反汇编（从第 ${line} 行起）`,
    none: '运行程序后可以看到它的字节码。',
    pending: '正在读取字节码……',
    unavailable: '这次运行没有字节码。',
    noSteps: '程序一行都没有执行，没有可以反汇编的步骤。',
    offset: '偏移',
    line: '行',
    instruction: '指令',
    argument: '参数',
    creates: '可能创建',
    releases: '可能释放',
    note: '标记依据的是指令种类：当这一步有对象被创建或销毁时，本行中可能创建（+）或释放（−）对象的指令会被标出。',
    currentLine: '当前行。',
  },
  present: {
    toggle: '演示',
    exit: '退出演示',
    title: '演示模式：大字号、高对比度、全键盘操作（P 切换，Esc 退出）',
    keys: '? 全部按键 · ← → 单步 · 空格 播放 · Home/End · P 演示 · Esc 退出',
  },
  keys: {
    button: '?',
    buttonTitle: '键盘快捷键（?）',
    title: '键盘快捷键',
    close: '关闭',
    groups: (mod) => [
      {
        title: '单步（编辑器和文本框以外的任何地方）',
        rows: [
          [['←', '→'], '上一步 / 下一步'],
          [['Shift+←', 'Shift+→'], '上一个 / 下一个创建或销毁对象的步骤'],
          [['Home', 'End'], '第一步 / 最后一步'],
          [['空格'], '播放 / 暂停'],
        ],
      },
      {
        title: '程序',
        rows: [
          [[`${mod}+Enter`], '运行（在编辑器中）'],
          [['Esc', 'Tab'], '离开编辑器（先按 Esc，再按 Tab）'],
        ],
      },
      {
        title: '时间线（获得焦点时）',
        rows: [
          [['↑', '↓'], '选一段生命期'],
          [['←', '→', 'Home', 'End'], '同一地址上的前一段 / 后一段生命期，第一段 / 最后一段'],
          [['Enter'], '选中它并跳到它的创建'],
          [['Esc'], '放开'],
          [['+', '−', '0'], '放大 / 缩小 / 全部显示'],
        ],
      },
      {
        title: '泳道地址和对象表（获得焦点时）',
        rows: [
          [['↑', '↓'], '上一个 / 下一个地址或行'],
          [['Enter', '空格'], '地址：它的内存块历史；行：它的生命期，跳到创建处'],
        ],
      },
      {
        title: '页面',
        rows: [
          [['P'], '开启 / 关闭演示模式'],
          [['Esc'], '退出演示模式'],
          [['↑', '↓', '←', '→'], '在面板之间的空隙上（用 Tab 到达）：调整面板大小；Enter：恢复默认大小'],
          [['?'], '这份列表'],
        ],
      },
    ],
  },
  share: {
    share: '分享',
    shareTitle: '复制一个链接，打开后是同一个程序和同一个视图（包括当前步骤）',
    linkLabel: '此视图的链接',
    copied: '已复制',
    copyFailed: '请选中文字后复制',
    copy: '复制',
    embed: '嵌入',
    embedTitle: '把这个程序放进网页的 HTML 代码',
    embedLabel: '嵌入代码',
    copyEmbed: '复制嵌入代码',
    embedLive: '实时：在读者的浏览器里运行 Python',
    embedReplay: '这次运行的静态回放：不下载 Python',
    embedReplayNeedsRun: '先运行程序，才能嵌入它的回放。',
    embedReplayTooBig: (kb) => `这次运行太长，放不进链接（${kb} KB）。请保存轨迹文件，放在 Refscope 旁边，用 #trace=网址 打开（见 README）。`,
    embedTrim: '只保留步骤',
    embedTrimFrom: '起始步',
    embedTrimTo: '结束步',
    embedReplayFile: (kb) =>
      `这份录制（${kb} KB）太长，放不进链接。请下载它，放到提供 Refscope 的网站上（嵌入页只读取同一网站的文件），下面的代码会指向它；也可以只保留一段步骤。`,
    embedDownload: (name) => `下载 ${name}`,
    embedFileURL: '文件地址（相对于嵌入页，或完整网址）',
    embedHint: '其中的脚本会让框架高度随内容变化；不需要时删掉它即可使用固定高度。',
    embedTheme: '配色',
    embedThemes: { system: '跟随读者的系统', light: '浅色', dark: '深色' },
    close: '关闭',
    saveTrace: '保存轨迹',
    saveTraceTitle: '把这次运行的录制下载为紧凑格式（.refscope，格式见 docs/trace-format.md）',
    saveTraceJson: 'JSON',
    saveTraceJsonTitle: '把这次运行的轨迹下载为可读的 JSON（格式见 docs/trace-format.md）',
    openTrace: '打开…',
    openTraceTitle: '打开从 Refscope 保存的录制，紧凑格式或 JSON 均可（也可以拖放到页面上）',
    drop: '松开鼠标即可打开 Refscope 录制（.refscope 或 JSON）',
    replayProgress: (percent) => `正在载入录制的运行…已完成 ${percent}%`,
    download: '下载',
    svg: 'SVG 矢量图',
    png: 'PNG 图片',
    svgTitle: '把屏幕上的时间线（含坐标轴和图例）下载为 SVG',
    pngTitle: '把屏幕上的时间线（含坐标轴和图例）下载为 PNG',
    exportCaption: (step, steps) => `第 ${step} 步，共 ${steps} 步`,
    replayLoading: '正在载入录制的运行…',
    replay: '录制的运行',
    replayTitle: (python) => `Python ${python} 的一次运行轨迹，不用 Python 即可回放。按“运行”会实时运行这个程序。`,
    openIn: '在 Refscope 中打开',
    openInTitle: '在 Refscope 中打开这个程序和视图（新标签页）',
    codeTooLong: (max) => `此链接中的程序超过 ${max} 个字符，没有载入，改为显示默认示例。`,
    badValue: (key, value) => `已忽略此链接中的 ${key}=${value || '（空）'}`,
    traceFetch: (detail) => `无法下载此链接中的轨迹（${detail}）。`,
    traceUnreadable: '无法读取此链接中的轨迹（链接可能被截断了）。',
    traceFormat: (detail) => `无法读取此链接中的轨迹：${detail}`,
    badFile: (name, detail) => `无法打开 ${name}。${detail}`,
    downloadFailed: (name, detail) => `无法生成 ${name}。${detail}`,
  },
};
