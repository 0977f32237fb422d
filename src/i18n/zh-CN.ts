/** 简体中文. Typed as `Messages`: a key missing here (or one too many) fails the typecheck. */
import type { Messages } from './en';
import type { NarrationMessages } from '../trace/narrate';
import { IMMORTAL_REFCOUNT } from '../trace/query';

const number = new Intl.NumberFormat('zh-CN');
const steps = (n: number): string => `${number.format(n)} 步`;
const refcount = (value: number | null): string => (value === null ? '—' : value >= IMMORTAL_REFCOUNT ? '永生' : String(value));
const where = (line: number | null, step: number): string => (line === null ? `第 ${step} 步` : `第 ${line} 行，第 ${step} 步`);

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
  ended: (func, how) => (how === 'yielded' ? `${func}() 在 yield 处暂停` : how === 'raised' ? `${func}() 因异常退出` : `${func}() 返回`),
  raised: '抛出了异常',
  printed: (text) => `输出 ${text}`,
  temporaries: (created, destroyed) =>
    [created ? `创建临时对象 ${created} 个` : '', destroyed ? `释放临时对象 ${destroyed} 个` : ''].filter(Boolean).join('、'),
  nothing: '没有对象被创建或销毁',
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
  run: {
    run: '▶ 运行',
    runTitle: (key) => `运行（${key}+Enter）`,
    stop: '■ 停止',
  },
  status: {
    loading: '正在加载 Python…',
    loadingQueued: '正在加载 Python…加载完成后立即运行程序',
    ready: (python) => (python ? `就绪 · Python ${python}` : '就绪'),
    starting: '正在启动新的解释器…',
    running: (n) => (n > 0 ? `运行中… ${steps(n)}` : '运行中…'),
    completed: (n) => `已完成 · ${steps(n)}`,
    stepLimit: (n) => `达到步数上限而结束 · ${steps(n)}`,
    timeLimit: (n) => `达到时间上限而结束 · ${steps(n)}`,
    stopped: (n) => `已停止 · ${steps(n)}`,
    error: '出错',
  },
  notice: {
    brokenLink: '无法读取此链接中的程序（链接可能被截断了），改为显示默认示例。',
    dismiss: '关闭',
  },
  error: {
    format: (e) => `${e.message ? `${e.type}: ${e.message}` : e.type}${e.line !== null ? `（第 ${e.line} 行）` : ''}`,
  },
  editor: {
    label: 'Python 程序',
    errorMarker: '此行有错误',
  },
  output: {
    label: '程序输出',
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
  },
  narration,
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
  refcount,
  refcountNote: (python, borrows) =>
    borrows
      ? `在 CPython ${python} 上，对局部变量调用 sys.getrefcount(x) 得到 1，而旧版本得到 2：局部变量现在以借用引用的方式传入。`
      : `在 CPython ${python} 上，sys.getrefcount(x) 会把它自己的参数也算进去（局部变量得到 2）；从 3.14 起得到 1。`,
  objects: {
    label: '对象',
    title: '对象',
    showAll: '显示所有对象（临时对象、运行前已存在的对象）',
    columns: {
      address: '地址',
      type: '类型',
      born: '创建（行）',
      died: '销毁（行）',
      maxRefcount: '最大引用计数',
      reuses: '复用',
    },
    caption: (shown, total, all, column, ascending) =>
      `共 ${total} 个对象生命周期，显示 ${shown} 个${all ? '' : '（绑定过名字的对象）'}；按${column}${ascending ? '升序' : '降序'}排列。`,
    beforeRun: '运行前',
    alive: '仍存活',
    id: (address) => `id() ${address}`,
    reuseTitle: '选中此地址上更早的那个生命周期',
    showing: (shown, total) => `显示 ${total} 个中的 ${shown} 个。`,
    showMore: '显示更多',
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
      preexisting: '运行前已存在 · 永生',
    },
    explain: '各种标记的含义',
    why: {
      created: '创建：CPython 在这一步分配了这个对象，地址就是它所在泳道的地址；id() 返回的正是这个地址。',
      destroyed:
        '销毁：对象的引用计数降到 0（或者循环垃圾回收器发现它已不可达），CPython 立即释放它，它的内存块还给了分配器。',
      finalized: '__del__：对象被销毁之前，它的终结器（__del__ 方法）先运行。',
      reused:
        '地址复用：释放的内存块回到了分配器中对应大小的空闲链表（在这个浏览器版本里是 C 的 malloc，没有 pymalloc；或者是该类型自己的空闲列表），又被分给了下一个同样大小的对象，所以新对象的地址和 id() 都与旧对象相同。',
      preexisting:
        '运行前已存在或永生：这个对象在你的程序运行之前就存在了（常量、模块、小整数……）。None、True、小整数这样的永生对象永远不会被释放，引用计数也从不改变。',
      refcount: '引用计数：有多少个引用指向这个对象，画成条形内部的阶梯线。降到 0 时对象立即被销毁。',
    },
    groups: { run: '运行中创建', preexisting: '运行前已存在 · 永生', output: '输出' },
    empty: '运行一个程序，看看它的对象如何诞生和消亡。',
    corner: '步',
    overview: '概览',
    axis: '步数轴：点击可移动光标',
    summary: (lifetimes, lanes, n, reuses) =>
      `${n} 步中共有 ${lifetimes} 个生命周期，分布在 ${lanes} 条地址泳道上；其中 ${reuses} 个复用了地址。对象表列出了同样的生命周期。`,
    noTrace: '还没有运行记录。',
    plot: (summary) => `对象时间线。${summary} 用 + 和 − 缩放，0 显示全部，拖动或 Shift+滚轮平移。`,
  },
  tooltip: {
    streamAt: (stream, line, step) => `${stream}，${where(line, step)}`,
    address: '地址',
    size: '大小',
    bytes: (n) => `${n} 字节`,
    born: '创建',
    died: '销毁',
    finalized: '__del__',
    names: '名字',
    refcount: '引用计数',
    reuses: '复用',
    reusesValue: (label) => `${label} 的地址`,
    beforeRun: '运行前',
    stillAlive: '运行结束时仍存活',
    notAlive: '不存活',
    atStep: (step) => `第 ${step} 步时`,
    where,
    why: '原因',
  },
  examples: {
    menu: '示例',
    menuTitle: '载入一个示例程序（按“运行”之前不会执行）',
    seedGroup: '来自那篇博客',
    moreGroup: '更多探索',
    about: '关于这个示例',
    hide: '隐藏',
    edited: '载入后已被修改',
    ends: { completed: '运行到结束', 'step-limit': '无限循环：在步数上限处停止', error: '以错误结束' },
  },
  bytecode: {
    title: '字节码',
    label: '当前步骤的字节码',
    code: (name, line) => `${name} 的 dis 反汇编（从第 ${line} 行起）`,
    none: '运行程序后可以看到它的字节码。',
    unavailable: '这次运行没有字节码。',
    noSteps: '程序一行都没有执行，没有可以反汇编的步骤。',
    offset: '偏移',
    line: '行',
    instruction: '指令',
    argument: '参数',
    creates: '可能创建',
    releases: '可能释放',
    note: '标记依据的是指令种类：当这一步有对象被创建或销毁时，本行中可能创建（+）或释放（−）对象的指令会被标出。',
    currentLine: '当前行',
  },
  present: {
    toggle: '演示',
    exit: '退出演示',
    title: '演示模式：大字号、高对比度、全键盘操作（P 切换，Esc 退出）',
    keys: '← → 单步 · 空格 播放 · Home/End · P 演示 · Esc 退出',
  },
};
